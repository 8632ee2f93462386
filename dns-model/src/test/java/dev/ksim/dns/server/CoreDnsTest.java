package dev.ksim.dns.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.dns.DnsMessage;
import dev.ksim.dns.DnsName;
import dev.ksim.dns.DnsRecord;
import dev.ksim.dns.Edns;
import dev.ksim.dns.Flag;
import dev.ksim.dns.Question;
import dev.ksim.dns.Rcode;
import dev.ksim.dns.RecordType;
import dev.ksim.dns.corefile.CoreDnsConfig;
import dev.ksim.dns.corefile.KubeadmCorefile;
import dev.ksim.dns.kubernetes.DnsEndpoint;
import dev.ksim.dns.kubernetes.DnsEndpointSlice;
import dev.ksim.dns.kubernetes.DnsPort;
import dev.ksim.dns.kubernetes.DnsService;
import dev.ksim.dns.kubernetes.DnsService.ServiceKind;
import dev.ksim.dns.kubernetes.KubernetesIndex;
import dev.ksim.dns.wire.WireFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CoreDNS with kubeadm's Corefile over a small cluster: the answers the Kubernetes DNS
 * specification and the kubernetes plugin give (../shared/reference/dns.md section 2).
 */
class CoreDnsTest {
  private static final Request SERVER = new Request(List.of("10.244.0.2"), "10.244.1.9", false);

  private final KubernetesIndex index = new KubernetesIndex();
  private long nowMillis;
  private int draws;
  private CoreDns dns;

  @BeforeEach
  void cluster() {
    for (String ns : List.of("default", "kube-system", "dev", "basic-component-dev")) {
      index.putNamespace(ns);
    }
    index.putService(
        new DnsService(
            "default",
            "kubernetes",
            ServiceKind.CLUSTER_IP,
            List.of("10.96.0.1"),
            List.of(new DnsPort("https", "TCP", 443)),
            ""));
    index.putService(
        new DnsService(
            "kube-system",
            "kube-dns",
            ServiceKind.CLUSTER_IP,
            List.of("10.96.0.10"),
            List.of(new DnsPort("dns", "UDP", 53), new DnsPort("dns-tcp", "TCP", 53)),
            ""));
    index.putSlice(
        new DnsEndpointSlice(
            "kube-system",
            "kube-dns-abc",
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
            "web-xyz",
            "web",
            List.of(new DnsPort("http", "TCP", 8080)),
            List.of(
                new DnsEndpoint(List.of("10.244.1.5"), "web-0", true, "web-0"),
                new DnsEndpoint(List.of("10.244.2.7"), "web-1", true, "web-1"),
                new DnsEndpoint(List.of("10.244.3.9"), "web-2", false, "web-2"))));
    index.putService(
        new DnsService(
            "default", "ext", ServiceKind.EXTERNAL_NAME, List.of(), List.of(), "hub.docker.com"));
    index.putService(
        new DnsService(
            "dev",
            "redis",
            ServiceKind.EXTERNAL_NAME,
            List.of(),
            List.of(),
            "redis.basic-component-dev.svc.cluster.local"));
    index.putService(
        new DnsService(
            "basic-component-dev",
            "redis",
            ServiceKind.CLUSTER_IP,
            List.of("10.96.55.5"),
            List.of(new DnsPort("redis", "TCP", 6379)),
            ""));
    index.modified(1_767_225_600L);
    dns = server(KubeadmCorefile.TEXT);
  }

  private CoreDns server(String corefile) {
    return new CoreDns(
        CoreDnsConfig.parse(corefile),
        index,
        OutsideWorld.bundled(),
        () -> nowMillis,
        () -> draws++ * 7919 % 65536);
  }

  private DnsMessage ask(String name, RecordType type) {
    return dns.handle(
            DnsMessage.query(4242, new Question(DnsName.parse(name), type), true, null), SERVER)
        .get(0);
  }

  private static List<String> data(List<DnsRecord> records) {
    return records.stream().map(r -> r.type() + " " + r.data().text()).toList();
  }

  @Test
  void aClusterIpServiceAnswersItsAddressAuthoritativelyWithTheConfiguredTtl() {
    DnsMessage reply = ask("kubernetes.default.svc.cluster.local.", RecordType.A);

    assertThat(reply.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.flags()).containsExactlyInAnyOrder(Flag.QR, Flag.AA, Flag.RD);
    assertThat(reply.id()).isEqualTo(4242);
    assertThat(data(reply.answer())).containsExactly("A 10.96.0.1");
    assertThat(reply.answer().get(0).ttl()).isEqualTo(30);
  }

  @Test
  void aMissingNameIsNxdomainAndAMissingTypeIsNodataBothWithTheZoneSoa() {
    DnsMessage missing = ask("nosuch.default.svc.cluster.local.", RecordType.A);
    DnsMessage noData = ask("kubernetes.default.svc.cluster.local.", RecordType.AAAA);

    assertThat(missing.rcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(noData.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(noData.answer()).isEmpty();
    for (DnsMessage reply : List.of(missing, noData)) {
      assertThat(reply.authority()).hasSize(1);
      assertThat(reply.authority().get(0).name()).hasToString("cluster.local.");
      assertThat(reply.authority().get(0).data().text())
          .isEqualTo(
              "ns.dns.cluster.local. hostmaster.cluster.local. 1767225600 7200 1800 86400 30");
    }
  }

  @Test
  void answersKeepTheQuestionsLetterCase() {
    DnsMessage reply = ask("_http._tcp.WEB.default.svc.Cluster.Local.", RecordType.SRV);

    assertThat(reply.answer()).isNotEmpty();
    assertThat(reply.answer().get(0).name())
        .hasToString("_http._tcp.WEB.default.svc.Cluster.Local.");
    assertThat(reply.answer().get(0).data().text()).endsWith(".web.default.svc.Cluster.Local.");
  }

  @Test
  void aHeadlessServiceAnswersItsReadyEndpointsAndTheirHostnames() {
    DnsMessage all = ask("web.default.svc.cluster.local.", RecordType.A);
    DnsMessage one = ask("web-1.web.default.svc.cluster.local.", RecordType.A);
    DnsMessage notReady = ask("web-2.web.default.svc.cluster.local.", RecordType.A);

    assertThat(data(all.answer())).containsExactlyInAnyOrder("A 10.244.1.5", "A 10.244.2.7");
    assertThat(data(one.answer())).containsExactly("A 10.244.2.7");
    assertThat(notReady.rcode()).isEqualTo(Rcode.NXDOMAIN);
  }

  @Test
  void srvRecordsNameEachEndpointWithTheSlicePortAndShareTheWeight() {
    DnsMessage reply = ask("_http._tcp.web.default.svc.cluster.local.", RecordType.SRV);

    assertThat(data(reply.answer()))
        .containsExactlyInAnyOrder(
            "SRV 0 50 8080 web-0.web.default.svc.cluster.local.",
            "SRV 0 50 8080 web-1.web.default.svc.cluster.local.");
    assertThat(data(reply.additional())).containsExactlyInAnyOrder("A 10.244.1.5", "A 10.244.2.7");
    assertThat(ask("_nosuch._tcp.web.default.svc.cluster.local.", RecordType.SRV).rcode())
        .isEqualTo(Rcode.NXDOMAIN);
  }

  @Test
  void externalNameIsACnameFollowedByTheTargetsRecordsInsideOrOutsideTheCluster() {
    DnsMessage outside = ask("ext.default.svc.cluster.local.", RecordType.A);
    DnsMessage inside = ask("redis.dev.svc.cluster.local.", RecordType.A);

    assertThat(outside.answer().get(0).type()).isEqualTo(RecordType.CNAME);
    assertThat(outside.answer().get(0).data().text()).isEqualTo("hub.docker.com.");
    assertThat(data(outside.answer()))
        .contains("CNAME elb-default.us-east-1.aws.dckr.io.", "A 3.211.28.26");
    assertThat(data(inside.answer()))
        .containsExactly("CNAME redis.basic-component-dev.svc.cluster.local.", "A 10.96.55.5");
  }

  @Test
  void reverseNamesOfServicesAndEndpointsAndForwardingOfTheRest() {
    assertThat(data(ask("10.0.96.10.in-addr.arpa.", RecordType.PTR).answer()))
        .containsExactly("PTR kube-dns.kube-system.svc.cluster.local.");
    assertThat(data(ask("5.1.244.10.in-addr.arpa.", RecordType.PTR).answer()))
        .containsExactly("PTR web-0.web.default.svc.cluster.local.");
    // kubeadm's fallthrough hands unknown reverse names to forward: not authoritative
    DnsMessage unknown = ask("9.9.9.9.in-addr.arpa.", RecordType.PTR);
    assertThat(unknown.rcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(unknown.has(Flag.AA)).isFalse();
    assertThat(unknown.has(Flag.RA)).isTrue();
  }

  @Test
  void podNamesUnderPodsInsecureAndTheSchemaVersion() {
    assertThat(data(ask("10-244-1-5.default.pod.cluster.local.", RecordType.A).answer()))
        .containsExactly("A 10.244.1.5");
    assertThat(ask("10-244-1-5.nosuchns.pod.cluster.local.", RecordType.A).rcode())
        .isEqualTo(Rcode.NXDOMAIN);
    DnsMessage version = ask("dns-version.cluster.local.", RecordType.TXT);
    assertThat(data(version.answer())).containsExactly("TXT \"1.1.0\"");
    // kubeadm's cache 30 caps the plugin's 28800 s
    assertThat(version.answer().get(0).ttl()).isEqualTo(30);
  }

  @Test
  void nsAtTheApexNamesTheServiceWhoseEndpointTheServerIs() {
    DnsMessage reply = ask("cluster.local.", RecordType.NS);

    assertThat(data(reply.answer())).containsExactly("NS kube-dns.kube-system.svc.cluster.local.");
    assertThat(data(reply.additional())).containsExactly("A 10.96.0.10");
  }

  @Test
  void theCacheServesForwardedAnswersWithTheTtlThatIsLeft() {
    DnsMessage first = ask("example.com.", RecordType.A);
    nowMillis += 12_000;
    DnsMessage later = ask("example.com.", RecordType.A);

    assertThat(first.answer().get(0).ttl()).isEqualTo(30);
    assertThat(later.answer().get(0).ttl()).isEqualTo(18);
    assertThat(later.has(Flag.AA)).as("cache hits are authoritative").isTrue();
    nowMillis += 30_000;
    assertThat(ask("example.com.", RecordType.A).answer().get(0).ttl()).isEqualTo(30);
  }

  @Test
  void withoutDisableClusterAnswersAreCachedToo() {
    dns = server(".:53 {\n kubernetes cluster.local\n cache 30\n}\n");
    assertThat(ask("late.default.svc.cluster.local.", RecordType.A).rcode())
        .isEqualTo(Rcode.NXDOMAIN);
    index.putService(
        new DnsService(
            "default",
            "late",
            ServiceKind.CLUSTER_IP,
            List.of("10.96.7.7"),
            List.of(new DnsPort("", "TCP", 80)),
            ""));

    assertThat(ask("late.default.svc.cluster.local.", RecordType.A).rcode())
        .as("the denial is served from the cache")
        .isEqualTo(Rcode.NXDOMAIN);
    dns.clearCache();
    assertThat(ask("late.default.svc.cluster.local.", RecordType.A).rcode())
        .isEqualTo(Rcode.NOERROR);
  }

  @Test
  void loadbalanceShufflesAddressesButKeepsTheSet() {
    List<List<String>> orders = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      orders.add(data(ask("web.default.svc.cluster.local.", RecordType.A).answer()));
    }

    assertThat(orders)
        .allSatisfy(o -> assertThat(o).containsExactlyInAnyOrder("A 10.244.1.5", "A 10.244.2.7"));
    assertThat(orders.stream().distinct().count()).isEqualTo(2);
  }

  @Test
  void unsupportedAndMalformedQueriesGetCoreDnssRcodes() {
    assertThat(ask("cluster.local.", RecordType.AXFR).rcode()).isEqualTo(Rcode.REFUSED);
    DnsMessage notify =
        new DnsMessage(
            1,
            4,
            Set.of(),
            Rcode.NOERROR,
            new Question(DnsName.parse("cluster.local."), RecordType.SOA),
            List.of(),
            List.of(),
            List.of(),
            null);
    assertThat(dns.handle(notify, SERVER).get(0).rcode()).isEqualTo(Rcode.NOTIMP);
    assertThat(dns.handle(new byte[] {0x12, 0x34, 1, 0, 0, 5}, SERVER))
        .as("too short to hold a header")
        .isEmpty();
    byte[] garbage = {0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 7, 'x'};
    List<byte[]> formErr = dns.handle(garbage, SERVER);
    assertThat(formErr).hasSize(1);
    DnsMessage decoded = WireFormat.decode(formErr.get(0));
    assertThat(decoded.id()).isEqualTo(0x1234);
    assertThat(decoded.rcode()).isEqualTo(Rcode.FORMERR);
  }

  @Test
  void theReplyEchoesTheClientsEdnsSizeAndCookie() {
    DnsMessage query =
        DnsMessage.query(
            7,
            new Question(DnsName.parse("kubernetes.default.svc.cluster.local."), RecordType.A),
            true,
            new Edns(1232, "833cb613071ab5c2"));

    DnsMessage reply = dns.handle(query, SERVER).get(0);

    assertThat(reply.edns()).isEqualTo(new Edns(1232, "833cb613071ab5c2"));
    // the size dig reports for this reply in ../shared/reference/dns-client-output.md 1.1
    assertThat(reply.wireLength()).isEqualTo(129);
  }

  /**
   * RFC 6891 section 6.1.3: a server that does not implement the query's EDNS version answers
   * BADVERS; CoreDNS (coredns v1.12.1 {@code plugin/pkg/edns/edns.go Version}, called first in
   * {@code core/dnsserver/server.go ServeDNS}) sends it with an OPT record of version 0.
   */
  @Test
  void anEdnsVersionAboveZeroIsAnsweredBadvers() {
    DnsMessage query =
        DnsMessage.query(
            9,
            new Question(DnsName.parse("kubernetes.default.svc.cluster.local."), RecordType.A),
            true,
            new Edns(1232, "", 1));

    byte[] wire = dns.handle(WireFormat.encode(query, 512), SERVER).get(0);
    DnsMessage reply = WireFormat.decode(wire);

    assertThat(reply.rcode()).isEqualTo(Rcode.BADVERS);
    assertThat(reply.answer()).isEmpty();
    assertThat(reply.edns()).isNotNull();
    assertThat(reply.edns().version()).isZero();
    assertThat(wire[3] & 0xf).as("the header keeps the low four bits of 16").isZero();
  }
}
