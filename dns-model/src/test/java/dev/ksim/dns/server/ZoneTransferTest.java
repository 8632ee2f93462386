package dev.ksim.dns.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ksim.dns.DnsMessage;
import dev.ksim.dns.DnsName;
import dev.ksim.dns.DnsRecord;
import dev.ksim.dns.Flag;
import dev.ksim.dns.Question;
import dev.ksim.dns.Rcode;
import dev.ksim.dns.RecordData;
import dev.ksim.dns.RecordType;
import dev.ksim.dns.corefile.CoreDnsConfig;
import dev.ksim.dns.kubernetes.DnsEndpoint;
import dev.ksim.dns.kubernetes.DnsEndpointSlice;
import dev.ksim.dns.kubernetes.DnsPort;
import dev.ksim.dns.kubernetes.DnsService;
import dev.ksim.dns.kubernetes.DnsService.ServiceKind;
import dev.ksim.dns.kubernetes.KubernetesIndex;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * AXFR of the cluster zone through the transfer plugin, in the order the kubernetes plugin sends it
 * (coredns plugin/transfer/transfer.go ServeDNS; plugin/kubernetes/xfr.go Transfer and
 * transferServices; setup.go parseTransfer for what start-up refuses).
 */
class ZoneTransferTest {
  private static final String COREFILE =
      """
      .:53 {
          kubernetes cluster.local {
             ttl 30
          }
          transfer {
             to %s
          }
      }
      """;

  private static final List<String> SERVER = List.of("10.244.0.2");

  private final KubernetesIndex index = new KubernetesIndex();

  @BeforeEach
  void cluster() {
    index.putNamespace("default");
    index.putNamespace("kube-system");
    index.putService(
        new DnsService(
            "kube-system",
            "kube-dns",
            ServiceKind.CLUSTER_IP,
            List.of("10.96.0.10"),
            List.of(new DnsPort("dns", "UDP", 53), new DnsPort("", "TCP", 9153)),
            ""));
    index.putSlice(
        new DnsEndpointSlice(
            "kube-system",
            "kube-dns-a",
            "kube-dns",
            List.of(new DnsPort("dns", "UDP", 53)),
            List.of(new DnsEndpoint(List.of("10.244.0.2"), "", true, "coredns-0"))));
    index.putService(
        new DnsService(
            "default",
            "web",
            ServiceKind.HEADLESS,
            List.of(),
            List.of(new DnsPort("http", "TCP", 80)),
            ""));
    index.putSlice(
        new DnsEndpointSlice(
            "default",
            "web-a",
            "web",
            List.of(new DnsPort("http", "TCP", 8080)),
            List.of(
                new DnsEndpoint(List.of("10.244.1.5"), "web-0", true, "web-0"),
                new DnsEndpoint(List.of("10.244.2.7"), "", true, "web-1"),
                new DnsEndpoint(List.of("10.244.3.9"), "web-2", false, "web-2"))));
    index.putService(
        new DnsService(
            "default", "ext", ServiceKind.EXTERNAL_NAME, List.of(), List.of(), "example.org"));
    index.modified(1_767_225_600L);
  }

  private CoreDns server(String to) {
    return new CoreDns(
        CoreDnsConfig.parse(COREFILE.formatted(to)),
        index,
        OutsideWorld.bundled(),
        () -> 0L,
        () -> 0);
  }

  private static List<DnsMessage> axfr(CoreDns dns, String from, boolean tcp) {
    DnsMessage query =
        DnsMessage.query(
            5, new Question(DnsName.parse("cluster.local."), RecordType.AXFR), false, null);
    return dns.handle(query, new Request(SERVER, from, tcp));
  }

  private static List<String> lines(List<DnsRecord> records) {
    return records.stream()
        .map(r -> r.name() + " " + r.ttl() + " " + r.type() + " " + r.data().text())
        .toList();
  }

  @Test
  void transfersTheClusterZoneBetweenTwoSoasInTheKubernetesPluginsOrder() {
    List<DnsMessage> replies = axfr(server("*"), "192.0.2.1", true);

    assertThat(replies).hasSize(1);
    DnsMessage reply = replies.get(0);
    assertThat(reply.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.flags()).containsExactlyInAnyOrder(Flag.QR, Flag.AA);
    String soa =
        "cluster.local. 30 SOA ns.dns.cluster.local. hostmaster.cluster.local. 1767225600 7200"
            + " 1800 86400 30";
    assertThat(lines(reply.answer()))
        .containsExactly(
            soa,
            "cluster.local. 30 NS kube-dns.kube-system.svc.cluster.local.",
            "kube-dns.kube-system.svc.cluster.local. 30 A 10.96.0.10",
            "ext.default.svc.cluster.local. 30 CNAME example.org.",
            "kube-dns.kube-system.svc.cluster.local. 30 A 10.96.0.10",
            "kube-dns.kube-system.svc.cluster.local. 30 SRV 0 100 53"
                + " kube-dns.kube-system.svc.cluster.local.",
            "_dns._udp.kube-dns.kube-system.svc.cluster.local. 30 SRV 0 100 53"
                + " kube-dns.kube-system.svc.cluster.local.",
            "kube-dns.kube-system.svc.cluster.local. 30 SRV 0 100 9153"
                + " kube-dns.kube-system.svc.cluster.local.",
            "web.default.svc.cluster.local. 30 A 10.244.1.5",
            "web-0.web.default.svc.cluster.local. 30 A 10.244.1.5",
            "_http._tcp.web.default.svc.cluster.local. 30 SRV 0 50 8080"
                + " web-0.web.default.svc.cluster.local.",
            "web.default.svc.cluster.local. 30 A 10.244.2.7",
            "10-244-2-7.web.default.svc.cluster.local. 30 A 10.244.2.7",
            "_http._tcp.web.default.svc.cluster.local. 30 SRV 0 50 8080"
                + " 10-244-2-7.web.default.svc.cluster.local.",
            soa);
  }

  /** transfer.go: not over TCP, or a client the to lines do not name: REFUSED. */
  @Test
  void refusesOverUdpAndToClientsNotAllowed() {
    assertThat(axfr(server("*"), "192.0.2.1", false).get(0).rcode()).isEqualTo(Rcode.REFUSED);
    assertThat(axfr(server("10.0.0.9"), "192.0.2.1", true).get(0).rcode()).isEqualTo(Rcode.REFUSED);
    assertThat(axfr(server("10.0.0.9:53"), "10.0.0.9", true).get(0).answer()).isNotEmpty();
  }

  /** Without a transfer line, the kubernetes plugin refuses transfers (handler.go). */
  @Test
  void withoutTransferTheZoneIsRefused() {
    CoreDns dns =
        new CoreDns(
            CoreDnsConfig.parse(".:53 {\n kubernetes cluster.local\n}\n"),
            index,
            OutsideWorld.bundled(),
            () -> 0L,
            () -> 0);

    assertThat(axfr(dns, "192.0.2.1", true).get(0).rcode()).isEqualTo(Rcode.REFUSED);
  }

  /** An IXFR whose serial is current gets only the SOA; an older one the whole zone. */
  @Test
  void anIxfrWithTheCurrentSerialGetsTheSoaAlone() {
    CoreDns dns = server("*");
    DnsRecord current =
        new DnsRecord(
            DnsName.parse("cluster.local."),
            RecordType.SOA,
            30,
            new RecordData.Soa(
                DnsName.parse("ns.dns.cluster.local."),
                DnsName.parse("hostmaster.cluster.local."),
                1_767_225_600L,
                7200,
                1800,
                86400,
                30));
    DnsMessage ixfr =
        DnsMessage.query(
                6, new Question(DnsName.parse("cluster.local."), RecordType.IXFR), false, null)
            .withSections(List.of(), List.of(current), List.of());

    List<DnsMessage> upToDate = dns.handle(ixfr, new Request(SERVER, "192.0.2.1", true));

    assertThat(upToDate).hasSize(1);
    assertThat(upToDate.get(0).answer()).containsExactly(current);
    assertThat(upToDate.get(0).has(Flag.AA)).isFalse();
  }

  @Test
  void refusesWhatTransfersSetupRefuses() {
    assertThatThrownBy(() -> CoreDnsConfig.parse(".:53 {\n transfer\n}\n"))
        .hasMessageContaining("plugin/transfer: 'to' is required");
    assertThatThrownBy(() -> CoreDnsConfig.parse(".:53 {\n transfer {\n  to nowhere\n }\n}\n"))
        .hasMessageContaining("plugin/transfer: must specify an IP address: `nowhere'");
    assertThatThrownBy(() -> CoreDnsConfig.parse(".:53 {\n transfer {\n  from *\n }\n}\n"))
        .hasMessageContaining("plugin/transfer: unknown property \"from\"");
  }
}
