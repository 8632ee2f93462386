package dev.ksim.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ksim.cluster.Cluster;
import dev.ksim.cluster.ClusterOptions;
import dev.ksim.dns.DnsMessage;
import dev.ksim.dns.DnsName;
import dev.ksim.dns.DnsRecord;
import dev.ksim.dns.Question;
import dev.ksim.dns.RecordType;
import dev.ksim.dns.server.Request;
import dev.ksim.dnsport.DnsPortServer;
import dev.ksim.dnsport.TcpTimeouts;
import dev.ksim.manifest.ManifestLoader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real {@code dig} (BIND 9.18's, as .ci/run installs) transferring the cluster zone from ksim's
 * DNS port over TCP, as from a CoreDNS whose Corefile has {@code transfer cluster.local { to * }}
 * (coredns plugin/transfer/transfer.go, plugin/kubernetes/xfr.go), and refused where the {@code to}
 * line does not name the client. Skipped, saying so, where dig is not installed.
 */
@Timeout(120)
class RealDigTransferTest {
  private static DnsPortServer server;
  private static Cluster cluster;
  private static List<String> localIps;

  @BeforeAll
  static void serve() throws Exception {
    assumeTrue(onPath("dig"), "real-dig transfer skipped: dig (dnsutils) is not installed");
    String manifests =
        Files.readString(Path.of(DigCommandTest.manifest()), StandardCharsets.UTF_8)
            + "\n---\n"
            + Files.readString(resource("/dns-transfer.yaml"), StandardCharsets.UTF_8);
    cluster =
        Cluster.start(ManifestLoader.parse("dns-transfer.yaml", manifests), ClusterOptions.DEFAULT);
    localIps = cluster.dns().firstServerAddresses();
    server =
        DnsPortServer.start(
            InetAddress.getLoopbackAddress(),
            0,
            TcpTimeouts.COREDNS,
            (query, client, tcp) ->
                cluster
                    .dns()
                    .server()
                    .handle(query, new Request(localIps, client.getHostAddress(), tcp)));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static Path resource(String name) throws URISyntaxException {
    return Paths.get(Objects.requireNonNull(RealDigTransferTest.class.getResource(name)).toURI());
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  private static String realDig(String... args) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "dig", "@127.0.0.1", "-p", Integer.toString(server.port()), "+time=5", "+tries=1"));
    command.addAll(List.of(args));
    Process dig = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(dig.waitFor(30, TimeUnit.SECONDS)).as("dig finished").isTrue();
    return new String(dig.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  /** dig's record lines with blanks collapsed: NAME TTL IN TYPE DATA. */
  private static List<String> records(String digOutput) {
    return digOutput
        .lines()
        .filter(l -> !l.isBlank() && !l.startsWith(";"))
        .map(l -> l.trim().replaceAll("\\s+", " "))
        .toList();
  }

  @Test
  void realDigTransfersTheClusterZoneAsTheServerSendsIt() throws Exception {
    String real = realDig("AXFR", "cluster.local");
    DnsMessage query =
        DnsMessage.query(
            1, new Question(DnsName.parse("cluster.local."), RecordType.AXFR), false, null);
    List<DnsRecord> sent =
        cluster
            .dns()
            .server()
            .handle(query, new Request(localIps, "127.0.0.1", true))
            .get(0)
            .answer();

    List<String> lines = records(real);
    assertThat(lines).hasSize(sent.size());
    assertThat(lines.get(0)).startsWith("cluster.local. 30 IN SOA ns.dns.cluster.local.");
    assertThat(lines.get(lines.size() - 1)).isEqualTo(lines.get(0));
    assertThat(lines).contains("cluster.local. 30 IN NS kube-dns.kube-system.svc.cluster.local.");
    assertThat(lines).contains("kubernetes.default.svc.cluster.local. 30 IN A 10.96.0.1");
    for (int i = 0; i < sent.size(); i++) {
      assertThat(lines.get(i)).startsWith(sent.get(i).name() + " 30 IN " + sent.get(i).type());
    }
    assertThat(real).contains(";; XFR size: " + sent.size() + " records (messages 1,");
  }

  @Test
  void aZoneWhoseTransferDoesNotNameTheClientIsRefused() throws Exception {
    String real = realDig("AXFR", "in-addr.arpa");

    assertThat(real).contains("; Transfer failed.");
    assertThat(records(real)).isEmpty();
  }
}
