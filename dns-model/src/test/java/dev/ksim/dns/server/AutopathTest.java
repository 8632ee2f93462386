package dev.ksim.dns.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ksim.dns.DnsMessage;
import dev.ksim.dns.DnsName;
import dev.ksim.dns.DnsRecord;
import dev.ksim.dns.Question;
import dev.ksim.dns.Rcode;
import dev.ksim.dns.RecordType;
import dev.ksim.dns.corefile.CoreDnsConfig;
import dev.ksim.dns.corefile.CorefileException;
import dev.ksim.dns.kubernetes.DnsPod;
import dev.ksim.dns.kubernetes.DnsPort;
import dev.ksim.dns.kubernetes.DnsService;
import dev.ksim.dns.kubernetes.DnsService.ServiceKind;
import dev.ksim.dns.kubernetes.KubernetesIndex;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The autopath plugin with the kubernetes plugin as its search-path source, against upstream's
 * behaviour (coredns plugin/autopath/autopath.go ServeDNS and cname.go cnamer; the search path of
 * plugin/kubernetes/autopath.go AutoPath, which needs {@code pods verified}; setup.go for what
 * start-up refuses).
 */
class AutopathTest {
  private static final String COREFILE =
      """
      .:53 {
          autopath @kubernetes
          kubernetes cluster.local {
             pods %s
          }
          forward . /etc/resolv.conf
      }
      """;

  private static final String CLIENT = "10.244.1.9";

  private final KubernetesIndex index = new KubernetesIndex();

  @BeforeEach
  void cluster() {
    index.putNamespace("default");
    index.putNamespace("dev");
    index.putService(
        new DnsService(
            "dev",
            "db",
            ServiceKind.CLUSTER_IP,
            List.of("10.96.7.7"),
            List.of(new DnsPort("pg", "TCP", 5432)),
            ""));
    index.putService(
        new DnsService(
            "default",
            "web",
            ServiceKind.CLUSTER_IP,
            List.of("10.96.8.8"),
            List.of(new DnsPort("http", "TCP", 80)),
            ""));
    index.putPod(new DnsPod("default", "client", CLIENT, true));
    index.modified(1_767_225_600L);
  }

  private CoreDns server(String pods) {
    return new CoreDns(
        CoreDnsConfig.parse(COREFILE.formatted(pods)),
        index,
        OutsideWorld.bundled(),
        () -> 0L,
        () -> 0);
  }

  private static DnsMessage ask(CoreDns dns, String name, String from) {
    DnsMessage query =
        DnsMessage.query(77, new Question(DnsName.parse(name), RecordType.A), true, null);
    return dns.handle(query, new Request(List.of("10.244.0.2"), from, false)).get(0);
  }

  private static List<String> lines(List<DnsRecord> records) {
    return records.stream().map(r -> r.name() + " " + r.type() + " " + r.data().text()).toList();
  }

  /** The first search-list expansion of "db.dev" answers as db.dev.svc.cluster.local, CNAMEd. */
  @Test
  void answersTheFirstNameAlongTheClientsSearchPathWithACnameFromTheNameAsked() {
    DnsMessage reply = ask(server("verified"), "db.dev.default.svc.cluster.local.", CLIENT);

    assertThat(reply.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.q().name().toString()).isEqualTo("db.dev.default.svc.cluster.local.");
    assertThat(lines(reply.answer()))
        .containsExactly(
            "db.dev.default.svc.cluster.local. CNAME db.dev.svc.cluster.local.",
            "db.dev.svc.cluster.local. A 10.96.7.7");
    assertThat(reply.answer().get(0).ttl()).isEqualTo(reply.answer().get(1).ttl());
  }

  /** The empty name last: a name outside the cluster is forwarded, then CNAMEd. */
  @Test
  void aNameOutsideTheClusterIsFoundAtTheEndOfThePath() {
    DnsMessage reply = ask(server("verified"), "hub.docker.com.default.svc.cluster.local.", CLIENT);

    assertThat(reply.rcode()).isEqualTo(Rcode.NOERROR);
    assertThat(lines(reply.answer()).get(0))
        .isEqualTo("hub.docker.com.default.svc.cluster.local. CNAME hub.docker.com.");
    assertThat(lines(reply.answer()).get(1)).startsWith("hub.docker.com. CNAME ");
  }

  /** A name found at the first step needs no CNAME. */
  @Test
  void aNameInTheClientsOwnNamespaceIsAnsweredAsItIs() {
    DnsMessage reply = ask(server("verified"), "web.default.svc.cluster.local.", CLIENT);

    assertThat(lines(reply.answer())).containsExactly("web.default.svc.cluster.local. A 10.96.8.8");
  }

  /** Every step NXDOMAIN: the first reply goes back as it is, and the client searches on. */
  @Test
  void whenEveryNameIsMissingTheFirstReplyIsReturned() {
    DnsMessage reply = ask(server("verified"), "nosuch.default.svc.cluster.local.", CLIENT);

    assertThat(reply.rcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(reply.answer()).isEmpty();
    assertThat(reply.q().name().toString()).isEqualTo("nosuch.default.svc.cluster.local.");
  }

  /**
   * Outside the first search domain, from an unknown address, or without pods verified: no walk.
   */
  @Test
  void walksOnlyForAKnownPodUnderItsFirstSearchDomainWithPodsVerified() {
    String expanded = "db.dev.default.svc.cluster.local.";

    assertThat(ask(server("verified"), "db.dev.svc.cluster.local.", CLIENT).answer()).hasSize(1);
    assertThat(ask(server("verified"), expanded, "10.244.2.2").rcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(ask(server("insecure"), expanded, CLIENT).rcode()).isEqualTo(Rcode.NXDOMAIN);
  }

  /** dnsutil.TrimZone overshoots when the name asked is the search domain itself: SERVFAIL. */
  @Test
  void theFirstSearchDomainItselfIsAServerFailure() {
    assertThat(ask(server("verified"), "default.svc.cluster.local.", CLIENT).rcode())
        .isEqualTo(Rcode.SERVFAIL);
  }

  /** setup.go: "no resolv-conf specified"; a plugin that is no AutoPather; a file the pod lacks. */
  @Test
  void refusesWhatAutopathsSetupRefuses() {
    assertThatThrownBy(() -> CoreDnsConfig.parse(".:53 {\n autopath\n}\n"))
        .isInstanceOf(CorefileException.class)
        .hasMessageContaining("plugin/autopath: no resolv-conf specified");
    assertThatThrownBy(() -> CoreDnsConfig.parse(".:53 {\n autopath @cache\n cache 30\n}\n"))
        .hasMessageContaining("plugin/autopath: cache does not implement the AutoPather interface");
    assertThatThrownBy(() -> CoreDnsConfig.parse(".:53 {\n autopath /etc/my-resolv.conf\n}\n"))
        .hasMessageContaining("failed to parse \"/etc/my-resolv.conf\"");
    assertThat(
            CoreDnsConfig.parse(".:53 {\n autopath @kubernetes\n}\n").servers().get(0).autopath())
        .as("a search-path plugin the block lacks leaves autopath inactive")
        .isPresent();
  }
}
