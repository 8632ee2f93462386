package dev.ksim.cli;

import static dev.ksim.cli.KsimCommandTest.ksim;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetfilterCommandTest {
  private static final String RULES = "src/test/resources/netfilter/kube-proxy-clusterip.rules";

  @TempDir Path dir;

  private static JsonNode json(String text) throws Exception {
    return new ObjectMapper().readTree(text);
  }

  @Test
  void tracesAPacketThroughASavedRulesetAsJson() throws Exception {
    KsimCommandTest.Run run =
        ksim(
            "netfilter",
            "--rules",
            RULES,
            "--local",
            "192.168.80.101/24",
            "--from",
            "203.0.113.9",
            "--to",
            "10.96.0.10:8080",
            "-o",
            "json");

    assertThat(run.exit()).isZero();
    JsonNode result = json(run.out());
    assertThat(result.get("verdict").asText()).isEqualTo("DELIVERED");
    assertThat(result.get("candidates"))
        .extracting(JsonNode::asText)
        .containsExactly("10.244.1.2:80", "10.244.2.2:80");
    assertThat(result.get("endpoint").asText()).isIn("10.244.1.2:80", "10.244.2.2:80");
    assertThat(result.get("masqueraded").asBoolean()).isTrue();
    assertThat(result.get("backend").isNull()).isTrue();
    assertThat(result.get("hops").get(0).get("steps").get(0).get("type").asText())
        .isEqualTo("received");
  }

  @Test
  void tracesAPacketThroughAnNftablesRulesetAsJson() throws Exception {
    KsimCommandTest.Run run =
        ksim(
            "netfilter",
            "--nft",
            "src/test/resources/netfilter/kube-proxy-clusterip.nft",
            "--local",
            "192.168.80.101/24",
            "--from",
            "203.0.113.9",
            "--to",
            "10.96.0.10:8080",
            "-o",
            "json");

    assertThat(run.exit()).isZero();
    JsonNode result = json(run.out());
    assertThat(result.get("verdict").asText()).isEqualTo("DELIVERED");
    assertThat(result.get("candidates"))
        .extracting(JsonNode::asText)
        .containsExactly("10.244.1.2:80", "10.244.2.2:80");
    assertThat(result.get("endpoint").asText()).isIn("10.244.1.2:80", "10.244.2.2:80");
    assertThat(result.get("masqueraded").asBoolean()).isTrue();
  }

  @Test
  void withoutAnyRulesetItIsAUsageError() {
    KsimCommandTest.Run run =
        ksim("netfilter", "--local", "192.168.80.101", "--from", "1.2.3.4", "--to", "5.6.7.8:80");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--rules");
  }

  @Test
  void aPodSourceIsNotMasqueraded() throws Exception {
    KsimCommandTest.Run run =
        ksim(
            "netfilter",
            "--rules",
            RULES,
            "--local",
            "192.168.80.101",
            "--from",
            "10.244.1.5",
            "--to",
            "10.96.0.10:8080",
            "-o",
            "json");

    assertThat(json(run.out()).get("masqueraded").asBoolean()).isFalse();
  }

  @Test
  void aBatchIsAnsweredInOrderWithNames() throws Exception {
    Path batch = dir.resolve("flows.json");
    Files.writeString(
        batch,
        """
        [{"name": "to the service", "protocol": "TCP", "source": "203.0.113.9", "destination": "10.96.0.10", "port": 8080},
         {"name": "elsewhere", "protocol": "udp", "source": "203.0.113.9", "destination": "10.96.0.99", "port": 53}]
        """);

    KsimCommandTest.Run run =
        ksim(
            "netfilter",
            "--rules",
            RULES,
            "--local",
            "192.168.80.101",
            "--batch",
            batch.toString(),
            "-o",
            "json");

    JsonNode results = json(run.out());
    assertThat(results).hasSize(2);
    assertThat(results.get(0).get("name").asText()).isEqualTo("to the service");
    assertThat(results.get(1).get("endpoint").isNull()).isTrue();
    assertThat(results.get(1).get("candidates")).isEmpty();
  }

  @Test
  void theTextViewShowsTheRulesThatMatched() {
    KsimCommandTest.Run run =
        ksim(
            "netfilter",
            "--rules",
            RULES,
            "--local",
            "192.168.80.101",
            "--from",
            "203.0.113.9:40000",
            "--to",
            "10.96.0.10:8080");

    assertThat(run.out())
        .startsWith("tcp 203.0.113.9:40000 -> 10.96.0.10:8080   verdict DELIVERED   endpoint ")
        .contains("KUBE-SERVICES #1  -A KUBE-SERVICES -d 10.96.0.10/32 -p tcp")
        .contains("dnat         dst 10.96.0.10:8080 -> 10.244.")
        .contains("snat         src 203.0.113.9:40000 -> 192.168.80.101:");
  }

  @Test
  void aRulesetIptablesWouldRefuseIsBadInputWithItsLine() throws Exception {
    Path rules = dir.resolve("bad.rules");
    Files.writeString(
        rules, "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -m nosuch -j ACCEPT\nCOMMIT\n");

    KsimCommandTest.Run run =
        ksim("netfilter", "--rules", rules.toString(), "--from", "1.2.3.4", "--to", "5.6.7.8:80");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .startsWith(
            "error: "
                + rules
                + ":3: iptables-restore v1.8.9 (nf_tables): Couldn't load match `nosuch'");
  }

  @Test
  void aRulesFileThatIsNotUtf8IsRefusedWithItsLine() throws Exception {
    Path latin1 = dir.resolve("latin1.rules");
    Files.write(
        latin1,
        "*filter\n-A INPUT -m comment --comment \"caf\u00e9\" -j ACCEPT\nCOMMIT\n"
            .getBytes(StandardCharsets.ISO_8859_1));

    KsimCommandTest.Run run =
        ksim(
            "netfilter", "--rules", latin1.toString(), "--from", "10.0.0.1", "--to", "10.0.0.2:80");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .contains(latin1 + ":2: not UTF-8 text: octet 0xE9 at column 35")
        .doesNotContain("at java.");
  }

  @Test
  void aPacketTranslatedAndThenDroppedAtTheSameHookEndsDropped() throws Exception {
    Path rules = dir.resolve("dnat-then-drop.rules");
    Files.writeString(
        rules,
        """
        *nat
        :PREROUTING ACCEPT [0:0]
        :INPUT ACCEPT [0:0]
        :OUTPUT ACCEPT [0:0]
        :POSTROUTING ACCEPT [0:0]
        -A OUTPUT -d 10.96.0.10/32 -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.244.1.2:8080
        COMMIT
        *filter
        :INPUT ACCEPT [0:0]
        :FORWARD ACCEPT [0:0]
        :OUTPUT ACCEPT [0:0]
        -A OUTPUT -p tcp -m tcp --dport 8080 -j DROP
        COMMIT
        """);

    KsimCommandTest.Run run =
        ksim(
            "netfilter",
            "--rules",
            rules.toString(),
            "--local",
            "192.168.80.101/24",
            "--from",
            "192.168.80.101",
            "--to",
            "10.96.0.10:80",
            "-o",
            "json");

    // nat's DNAT ran before filter's DROP at OUTPUT: the DNAT is shown, the journey ends at the
    // drop
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode result = json(run.out());
    assertThat(result.get("verdict").asText()).isEqualTo("DROPPED");
    JsonNode steps = result.get("hops").get(0).get("steps");
    assertThat(steps.findValuesAsText("type")).contains("nat");
    assertThat(steps.get(steps.size() - 1).get("type").asText()).isEqualTo("hook");
  }
}
