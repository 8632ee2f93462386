package dev.ksim.cli;

import static dev.ksim.cli.KsimCommandTest.ksim;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ksim.cluster.Cluster;
import dev.ksim.cluster.ClusterOptions;
import dev.ksim.dns.server.Request;
import dev.ksim.dnsport.DnsPortServer;
import dev.ksim.dnsport.TcpTimeouts;
import dev.ksim.manifest.ManifestLoader;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real {@code dig} (Debian's dnsutils, installed by .ci/run) against ksim's DNS port, compared
 * with {@code ksim dig} for the same query: the same header, flags, sections and record lines, and
 * the port survives garbage. Skipped, saying so, where dig is not installed.
 */
@Timeout(120)
class RealDigTest {
  private static DnsPortServer server;

  @BeforeAll
  static void serve() throws Exception {
    assumeTrue(onPath("dig"), "real-dig comparison skipped: dig (dnsutils) is not installed");
    Cluster cluster =
        Cluster.start(
            ManifestLoader.parse(
                "dns-tutorials.yaml",
                Files.readString(Path.of(DigCommandTest.manifest()), StandardCharsets.UTF_8)),
            ClusterOptions.DEFAULT);
    List<String> localIps = cluster.dns().firstServerAddresses();
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

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  private static String realDig(List<String> args) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "dig", "@127.0.0.1", "-p", Integer.toString(server.port()), "+time=2", "+tries=1"));
    command.addAll(args);
    Process dig = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(dig.waitFor(20, TimeUnit.SECONDS)).as("dig finished").isTrue();
    return new String(dig.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  /**
   * What must agree: the header and flags lines, the OPT and question lines, and each section's
   * record lines as a multiset (loadbalance shuffles address records on every query).
   */
  private static List<String> essence(String digOutput) {
    List<String> kept = new ArrayList<>();
    List<String> section = new ArrayList<>();
    for (String line : digOutput.lines().toList()) {
      if (line.startsWith(";; ->>HEADER<<-")) {
        kept.add(line.replaceFirst("id: \\d+", "id: *"));
      } else if (line.startsWith(";; flags:")
          || line.startsWith("; EDNS:")
          || line.startsWith(";; WARNING")) {
        kept.add(line);
      } else if (line.startsWith(";; ") && line.endsWith("SECTION:")) {
        section.sort(null);
        kept.addAll(section);
        section.clear();
        kept.add(line);
      } else if (!line.startsWith(";") && !line.isEmpty()) {
        section.add(
            line.replaceAll("\\t\\d+\\t|\\s\\d+\\s(?=IN)", " TTL ")
                .replaceAll("(SOA.* hostmaster\\S+ )\\d+", "$1SERIAL"));
      } else if (line.startsWith(";") && !line.startsWith(";;") && !line.startsWith("; ")) {
        kept.add(line);
      }
    }
    section.sort(null);
    kept.addAll(section);
    return kept;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "nginx.default.svc.cluster.local",
        "nginx-headless.default.svc.cluster.local",
        "_http._tcp.nginx.default.svc.cluster.local SRV",
        "-x 10.96.0.10",
        "nosuch.default.svc.cluster.local",
        "kubernetes.default.svc.cluster.local AAAA",
        "ext-name-svc.default.svc.cluster.local",
        "dns-version.cluster.local TXT",
        "mongodb-1.mongodb.default.svc.cluster.local"
      })
  void realDigSeesWhatKsimDigPrints(String query) throws Exception {
    List<String> args = List.of(query.split(" "));
    String real = realDig(args);
    List<String> ksimArgs = new ArrayList<>(List.of("dig", "-f", DigCommandTest.manifest()));
    ksimArgs.addAll(args);
    KsimCommandTest.Run simulated = ksim(ksimArgs.toArray(String[]::new));

    assertThat(real).contains(";; Got answer:");
    assertThat(essence(real)).isEqualTo(essence(simulated.out()));
  }

  @Test
  void garbageDatagramsDoNotStopThePort() throws Exception {
    try (DatagramSocket socket = new DatagramSocket()) {
      InetAddress loopback = InetAddress.getLoopbackAddress();
      for (byte[] garbage :
          new byte[][] {
            {},
            {0x7f},
            "hello, world".getBytes(StandardCharsets.US_ASCII),
            {0, 1, (byte) 0x81, 0, 0, 1, 0, 0, 0, 0, 0, 0, (byte) 200}
          }) {
        socket.send(new DatagramPacket(garbage, garbage.length, loopback, server.port()));
      }
    }

    assertThat(realDig(List.of("+short", "kubernetes.default.svc.cluster.local")))
        .isEqualTo("10.96.0.1\n");
    assertThat(realDig(List.of("+tcp", "+short", "kubernetes.default.svc.cluster.local")))
        .isEqualTo("10.96.0.1\n");
  }
}
