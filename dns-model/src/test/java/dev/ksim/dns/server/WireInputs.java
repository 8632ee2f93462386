package dev.ksim.dns.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.ksim.dns.DnsMessage;
import dev.ksim.dns.Flag;
import dev.ksim.dns.corefile.CoreDnsConfig;
import dev.ksim.dns.corefile.KubeadmCorefile;
import dev.ksim.dns.kubernetes.DnsEndpoint;
import dev.ksim.dns.kubernetes.DnsEndpointSlice;
import dev.ksim.dns.kubernetes.DnsPod;
import dev.ksim.dns.kubernetes.DnsPort;
import dev.ksim.dns.kubernetes.DnsService;
import dev.ksim.dns.kubernetes.DnsService.ServiceKind;
import dev.ksim.dns.kubernetes.KubernetesIndex;
import dev.ksim.dns.wire.WireFormat;
import java.time.Duration;
import java.util.List;

/**
 * The promise the server keeps for any bytes that reach its port, over UDP or TCP: an answer that
 * is itself a well-formed reply carrying the query's id, or silence; never an exception, never a
 * hang. A small cluster with kubeadm's Corefile answers; the corpus test and the fuzzer check it
 * the same way.
 */
final class WireInputs {
  private static final Duration LIMIT = Duration.ofSeconds(10);
  private static final List<String> SERVER = List.of("10.244.0.2");
  private static final String CLIENT = "10.244.1.9";
  private static final int MAX_MESSAGE = 65535;

  private WireInputs() {}

  static CoreDns server() {
    KubernetesIndex index = new KubernetesIndex();
    index.putNamespace("default");
    index.putNamespace("kube-system");
    index.putService(
        new DnsService(
            "kube-system",
            "kube-dns",
            ServiceKind.CLUSTER_IP,
            List.of("10.96.0.10"),
            List.of(new DnsPort("dns", "UDP", 53)),
            ""));
    index.putSlice(
        new DnsEndpointSlice(
            "kube-system",
            "kube-dns-a",
            "kube-dns",
            List.of(new DnsPort("dns", "UDP", 53)),
            List.of(new DnsEndpoint(List.of("10.244.0.2"), "", true, "coredns-0"))));
    index.putService(
        new DnsService("default", "web", ServiceKind.HEADLESS, List.of(), List.of(), ""));
    index.putSlice(
        new DnsEndpointSlice(
            "default",
            "web-a",
            "web",
            List.of(new DnsPort("http", "TCP", 8080)),
            List.of(new DnsEndpoint(List.of("10.244.1.5", "fd00::5"), "web-0", true, "web-0"))));
    index.putService(
        new DnsService("default", "ext", ServiceKind.EXTERNAL_NAME, List.of(), List.of(), "a.b"));
    index.putPod(new DnsPod("default", "client", "10.244.1.9", true));
    index.modified(1_767_225_600L);
    return new CoreDns(
        CoreDnsConfig.parse(KubeadmCorefile.TEXT),
        index,
        OutsideWorld.bundled(),
        () -> 0L,
        () -> 7);
  }

  static void answeredOrDropped(CoreDns dns, byte[] bytes) {
    for (boolean tcp : new boolean[] {false, true}) {
      List<byte[]> replies =
          assertTimeoutPreemptively(
              LIMIT, () -> dns.handle(bytes, new Request(SERVER, CLIENT, tcp)));
      for (byte[] reply : replies) {
        assertThat(bytes.length).as("only a message with a header is answered").isGreaterThan(1);
        DnsMessage decoded = WireFormat.decode(reply);
        assertThat(decoded.has(Flag.QR)).isTrue();
        assertThat(decoded.id()).isEqualTo(((bytes[0] & 0xff) << 8) | (bytes[1] & 0xff));
        assertThat(reply.length).isLessThanOrEqualTo(MAX_MESSAGE);
      }
    }
  }
}
