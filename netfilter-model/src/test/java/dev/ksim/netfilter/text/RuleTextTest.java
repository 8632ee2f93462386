package dev.ksim.netfilter.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.net.IpFamily;
import dev.ksim.netfilter.table.Rule;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * A rule a restore reads builds its {@code iptables-save} text on first use ({@link Rule#of}): the
 * text is iptables-save's, whichever reading made the rule, and a rule without a target or without
 * any word has no stray blank.
 */
class RuleTextTest {
  private static Rule general(String line) {
    return RuleParser.parse(RuleTokenizer.split(line, true), RuleEnvironment.PERMISSIVE);
  }

  private static @Nullable Rule common(String line) {
    return CommonRules.read(line, IpFamily.IPV4);
  }

  @Test
  void kubeProxysLinesGetIptablesSavesTextFromEitherReading() {
    List<List<String>> lines =
        List.of(
            List.of(
                "-m comment --comment default/svc-00000:http -s 10.244.1.10 -j KUBE-MARK-MASQ",
                "-s 10.244.1.10/32 -m comment --comment \"default/svc-00000:http\""
                    + " -j KUBE-MARK-MASQ"),
            List.of(
                "-m comment --comment default/svc-00000:http -m tcp -p tcp -j DNAT"
                    + " --to-destination 10.244.1.10:8080",
                "-p tcp -m comment --comment \"default/svc-00000:http\" -m tcp -j DNAT"
                    + " --to-destination 10.244.1.10:8080"),
            List.of(
                "-m comment --comment \"default/svc-00000:http -> 10.244.1.10:8080\" -m statistic"
                    + " --mode random --probability 0.1000000000 -j KUBE-SEP-R3KTZAG3LPWU5N4X",
                "-m comment --comment \"default/svc-00000:http -> 10.244.1.10:8080\" -m statistic"
                    + " --mode random --probability 0.10000000009 -j KUBE-SEP-R3KTZAG3LPWU5N4X"),
            List.of(
                "-m comment --comment \"default/svc-00000:http cluster IP\" -m tcp -p tcp"
                    + " -d 10.100.0.1 --dport 80 -j KUBE-SVC-PBEFCLNCI3FWSPYF",
                "-d 10.100.0.1/32 -p tcp -m comment --comment \"default/svc-00000:http cluster IP\""
                    + " -m tcp --dport 80 -j KUBE-SVC-PBEFCLNCI3FWSPYF"));
    for (List<String> line : lines) {
      Rule read = common(line.get(0));
      assertThat(read).isNotNull();
      assertThat(read.text()).isEqualTo(line.get(1));
      assertThat(general(line.get(0)).text()).isEqualTo(line.get(1));
      assertThat(read.saveText("KUBE-SEP-X")).isEqualTo("-A KUBE-SEP-X " + line.get(1));
    }
  }

  @Test
  void aRuleWithoutTargetOrWithoutWordsHasNoStrayBlank() {
    assertThat(general("-m comment --comment counted -s 10.0.0.1").text())
        .isEqualTo("-s 10.0.0.1/32 -m comment --comment counted");
    assertThat(general("").text()).isEmpty();
    assertThat(general("").saveText("INPUT")).isEqualTo("-A INPUT");
    assertThat(general("-j ACCEPT").text()).isEqualTo("-j ACCEPT");
  }

  @Test
  void aCopyIsAnEqualRuleOfItsOwnWithTheSameText() {
    Rule rule = general("-p udp -m udp --dport 53 -j ACCEPT");
    Rule copy = rule.copy();
    assertThat(copy).isNotSameAs(rule).isEqualTo(rule).hasSameHashCodeAs(rule);
    assertThat(copy.text()).isEqualTo("-p udp -m udp --dport 53 -j ACCEPT");
    Rule built = general("-p udp -m udp --dport 53 -j ACCEPT");
    assertThat(built.text()).isEqualTo(rule.text());
    assertThat(built.copy()).isEqualTo(rule);
  }

  @Test
  void aRuleOfPartsEqualsTheRuleOfTheSamePartsAndTextAndNoOtherText() {
    Rule read = general("-p udp -m udp --dport 53 -j ACCEPT");
    Rule given = new Rule(read.matches(), read.target(), "-p udp -m udp --dport 53 -j ACCEPT");
    Rule otherText = new Rule(read.matches(), read.target(), "-p udp --dport 53 -j ACCEPT");
    assertThat(general("-p udp -m udp --dport 53 -j ACCEPT")).isEqualTo(read);
    assertThat(given).isEqualTo(read).hasSameHashCodeAs(read);
    assertThat(read).isEqualTo(given);
    assertThat(otherText).isNotEqualTo(read);
    assertThat(read).isNotEqualTo(otherText);
    assertThat(general("-p udp -m udp --dport 54 -j ACCEPT")).isNotEqualTo(read);
  }
}
