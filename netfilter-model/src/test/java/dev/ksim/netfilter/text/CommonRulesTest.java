package dev.ksim.netfilter.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.net.IpFamily;
import dev.ksim.netfilter.table.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * {@link CommonRules} reads kube-proxy's lines into the very rule the general reading (the
 * tokenizer, the word-length check and {@link RuleParser}) makes of them, and leaves every other
 * line to it: generated lines of kube-proxy's clauses with random values, clauses shuffled, words
 * dropped, repeated or swapped for stray ones, blanks doubled and tabs, in both families.
 */
class CommonRulesTest {
  private static final RuleEnvironment IPV6 = RuleEnvironment.PERMISSIVE.withFamily(IpFamily.IPV6);

  private static final List<String> KUBE_PROXY_LINES =
      List.of(
          "-m comment --comment default/svc-00000:http -s 10.244.1.10 -j KUBE-MARK-MASQ",
          "-m comment --comment default/svc-00000:http -m tcp -p tcp -j DNAT --to-destination"
              + " 10.244.1.10:8080",
          "-m comment --comment \"default/svc-00000:http -> 10.244.1.10:8080\" -m statistic"
              + " --mode random --probability 0.1000000000 -j KUBE-SEP-R3KTZAG3LPWU5N4X",
          "-m comment --comment \"default/svc-00000:http cluster IP\" -m tcp -p tcp -d 10.100.0.1"
              + " --dport 80 -j KUBE-SVC-PBEFCLNCI3FWSPYF",
          "-m comment --comment \"default/svc-00000:http -> 10.244.1.10:8080\""
              + " -j KUBE-SEP-R3KTZAG3LPWU5N4X",
          "-m comment --comment \"kubernetes service nodeports; NOTE: this must be the last rule in"
              + " this chain\" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS");

  /**
   * The clauses lines are made of; an upper-case letter stands for a value of its kind (see {@link
   * #GOOD}), or now and then any value.
   */
  private static final List<String> CLAUSES =
      List.of(
          "-m comment --comment C",
          "-s A",
          "-d A",
          "-p Q",
          "-m M",
          "--dport P",
          "--sport P",
          "-m statistic --mode random --probability R",
          "-m statistic --mode nth --every P",
          "-j T",
          "-j DNAT --to-destination X",
          "! -s A",
          "-mtcp",
          "-g T");

  private static final List<String> TARGETS =
      List.of("KUBE-MARK-MASQ", "KUBE-SVC-PBEFCLNCI3FWSPYF", "ACCEPT", "DROP", "RETURN");

  /** kube-proxy's lines, their values standing as in {@link #CLAUSES}. */
  private static final List<String> SHAPES =
      List.of(
          "-m comment --comment C -s A -j T",
          "-m comment --comment C -m M -p Q -j DNAT --to-destination X",
          "-m comment --comment C -m statistic --mode random --probability R -j T",
          "-m comment --comment C -m M -p Q -d A --dport P -j T",
          "-m comment --comment C -j T");

  /** Values each option takes, by the letter that stands for them in {@link #CLAUSES}. */
  private static final Map<Character, List<String>> GOOD =
      Map.of(
          'C',
          List.of("default/svc-00000:http", "\"default/svc-00000:http -> 10.244.1.10:8080\""),
          'A',
          List.of("10.244.1.10", "10.0.0.0/8", "fd00::1", "fd00::/64"),
          'Q',
          List.of("tcp", "udp", "sctp"),
          'M',
          List.of("tcp", "udp", "sctp"),
          'P',
          List.of("80", "8080", "80:90"),
          'R',
          List.of("0.1000000000", "0.5"),
          'T',
          TARGETS,
          'X',
          List.of("10.244.1.10:8080", "10.244.1.10", "fd00::1"));

  private static final List<String> VALUES =
      List.of(
          "default/svc-00000:http",
          "\"default/svc-00000:http -> 10.244.1.10:8080\"",
          "\"a b\"c",
          "\"\"",
          "\"open",
          "\"-x\"",
          "x\"y",
          "a\rb",
          "c".repeat(300),
          "10.244.1.10",
          "10.0.0.0/8",
          "10.0.0.0/255.0.0.0",
          "10.0.0.0/255.0.255.0",
          "999.1.1.1",
          "fd00::1",
          "fd00::/64",
          "10.244.1.10:8080",
          "10.244.1.10:8080-8090",
          "10.1.1.1-10.1.1.9",
          "[fd00::1]:80",
          "[fd00::1",
          "fd00::1:80",
          ":80",
          "80",
          "80:90",
          "90:80",
          "70000",
          "http",
          "-1",
          "-",
          "!",
          "tcp",
          "udp",
          "sctp",
          "icmp",
          "TCP",
          "6",
          "comment",
          "statistic",
          "addrtype",
          "0.1000000000",
          "0.5",
          "1.5",
          "KUBE-MARK-MASQ",
          "KUBE-SVC-PBEFCLNCI3FWSPYF",
          "ACCEPT",
          "DROP",
          "RETURN",
          "TRACE",
          "NOTRACK",
          "REJECT",
          "MARK",
          "SNAT",
          "DNAT",
          "CT",
          "LOG",
          "MASQUERADE");

  @Test
  void readsKubeProxysLinesAsTheParserDoes() {
    for (String line : KUBE_PROXY_LINES.subList(0, 5)) {
      Rule read = CommonRules.read(line, IpFamily.IPV4);
      assertThat(read).as(line).isNotNull().isEqualTo(parsed(line, RuleEnvironment.PERMISSIVE));
    }
    // a module it does not read is the general parser's
    assertThat(CommonRules.read(KUBE_PROXY_LINES.get(5), IpFamily.IPV4)).isNull();
  }

  @Test
  void readsGeneratedLinesAsTheParserDoesOrLeavesThemToIt() {
    SplittableRandom random = new SplittableRandom(11);
    int read = 0;
    int lines = 200_000;
    for (int n = 0; n < lines; n++) {
      RuleEnvironment environment = random.nextInt(4) == 0 ? IPV6 : RuleEnvironment.PERMISSIVE;
      String line = line(random);
      Rule fast = CommonRules.read(line, environment.family());
      if (fast != null) {
        read++;
        assertThat(parsed(line, environment)).as(line).isEqualTo(fast);
      }
    }
    // the shortcut is taken often enough for the comparison to mean something
    assertThat(read).isGreaterThan(lines / 20);
  }

  /** A line of random clauses, a few of them mangled. */
  private static String line(SplittableRandom random) {
    List<String> clauses = new ArrayList<>();
    if (random.nextBoolean()) {
      clauses.add(SHAPES.get(random.nextInt(SHAPES.size())));
    } else {
      for (int c = 1 + random.nextInt(5); c > 0; c--) {
        clauses.add(CLAUSES.get(random.nextInt(random.nextBoolean() ? 8 : CLAUSES.size())));
      }
    }
    List<String> words = new ArrayList<>();
    for (String clause : clauses) {
      for (String word : clause.split(" ")) {
        List<String> good = word.length() == 1 ? GOOD.get(word.charAt(0)) : null;
        if (good == null) {
          words.add(word);
        } else {
          List<String> values = random.nextInt(4) == 0 ? VALUES : good;
          words.add(values.get(random.nextInt(values.size())));
        }
      }
    }
    if (clauses.size() > 1 && random.nextBoolean()) {
      words.add("-j");
      words.add(TARGETS.get(random.nextInt(TARGETS.size())));
    }
    if (random.nextInt(5) == 0) {
      words.remove(random.nextInt(words.size()));
    }
    if (random.nextInt(5) == 0 && !words.isEmpty()) {
      words.add(random.nextInt(words.size()), words.get(random.nextInt(words.size())));
    }
    StringBuilder line = new StringBuilder();
    for (String word : words) {
      if (line.length() > 0) {
        int blank = random.nextInt(40);
        line.append(blank == 0 ? "  " : blank == 1 ? "\t" : " ");
      }
      line.append(word);
    }
    return random.nextInt(40) == 0 ? line + " " : line.toString();
  }

  /** What the general reading of a plain run's line makes of it, or null when it refuses it. */
  private static @Nullable Rule parsed(String line, RuleEnvironment environment) {
    List<String> words = RuleTokenizer.split(line, true);
    if (words.stream().anyMatch(w -> w.length() > 1023)) {
      return null;
    }
    try {
      return RuleParser.parse(words, environment);
    } catch (RuleSyntaxException e) {
      return null;
    }
  }
}
