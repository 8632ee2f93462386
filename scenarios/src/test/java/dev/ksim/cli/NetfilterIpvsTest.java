package dev.ksim.cli;

import static dev.ksim.cli.KsimCommandTest.ksim;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ksim netfilter --ipvs}: the tutorials' hand-built virtual servers on one host. */
class NetfilterIpvsTest {
  private static final String SAVE = "src/test/resources/ipvs/tutorials.save";
  private static final String LOCAL = "192.168.80.101/24,10.96.0.1/32,192.168.1.100/32";

  @TempDir Path dir;

  private static JsonNode trace(String to, String... extra) throws Exception {
    String[] base = {
      "netfilter",
      "--ipvs",
      SAVE,
      "--local",
      LOCAL,
      "--from",
      "192.168.80.1:40000",
      "--to",
      to,
      "-o",
      "json"
    };
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    KsimCommandTest.Run run = ksim(args);
    assertThat(run.exit()).as(run.err()).isZero();
    return new ObjectMapper().readTree(run.out());
  }

  private static JsonNode ipvsStep(JsonNode result) {
    for (JsonNode step : result.get("hops").get(0).get("steps")) {
      if (step.get("type").asText().equals("hookFunction")) {
        return step;
      }
    }
    throw new AssertionError("no IPVS step");
  }

  @Test
  void theHandBuiltNatVirtualServer() throws Exception {
    JsonNode result = trace("10.96.0.1:443", "--sysctl", "net.ipv4.vs.conntrack=1");
    assertThat(result.get("verdict").asText()).isEqualTo("DELIVERED");
    assertThat(result.get("endpoint").asText()).isEqualTo("192.168.80.240:6443");
    assertThat(result.get("candidates"))
        .extracting(JsonNode::asText)
        .containsExactly("192.168.80.240:6443");
    JsonNode step = ipvsStep(result);
    assertThat(step.get("hook").asText()).isEqualTo("INPUT");
    assertThat(step.get("priority").asInt()).isEqualTo(99);
    assertThat(step.get("decision").get("virtualService").asText()).isEqualTo("TCP 10.96.0.1:443");
    assertThat(step.get("decision").get("decidedBy").asText()).isEqualTo("scheduler");
    assertThat(step.get("decision").get("forward").asText()).isEqualTo("Masq");
  }

  @Test
  void thePersistentDirectRoutingService() throws Exception {
    JsonNode result = trace("192.168.1.100:80");
    assertThat(result.get("candidates"))
        .extracting(JsonNode::asText)
        .containsExactly("192.168.1.2:80", "192.168.1.3:80");
    JsonNode step = ipvsStep(result);
    assertThat(step.get("decision").get("forward").asText()).isEqualTo("Route");
    assertThat(step.get("lines").toString())
        .contains("persistence template for 192.168.80.1 -> 192.168.1.")
        .contains("created (expires in 600 s)")
        .contains("on its loopback (arp_ignore=1, arp_announce=2)");
  }

  @Test
  void aVirtualServiceWithoutRealServersRejects() throws Exception {
    assertThat(trace("192.168.1.100:21").get("verdict").asText()).isEqualTo("REJECTED");
  }

  @Test
  void aBadLineNamesFileLineAndArgument() throws Exception {
    Path bad = dir.resolve("bad.save");
    Files.writeString(bad, "-A -t 10.96.0.1:443 -s rr\n-a -t 10.96.0.1:443 -r nowhere -m\n");
    KsimCommandTest.Run run =
        ksim("netfilter", "--ipvs", bad.toString(), "--from", "1.2.3.4", "--to", "10.96.0.1:443");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains(bad + ":2: -r: illegal real server address[:port] specified");
  }
}
