package dev.ksim.netfilter.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ksim.netfilter.table.RuleCounters;
import dev.ksim.netfilter.table.Ruleset;
import dev.ksim.netfilter.table.Table;
import dev.ksim.netfilter.text.IptablesListWriter;
import dev.ksim.netfilter.text.IptablesListWriter.ListOptions;
import dev.ksim.netfilter.text.IptablesRestoreParser;
import dev.ksim.netfilter.text.IptablesSaveWriter;
import dev.ksim.netfilter.text.RuleEnvironment;
import dev.ksim.netfilter.text.RulesParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Restores rulesets into the real kernel (iptables-nft 1.8.x in a throwaway namespace) and into
 * ksim, and compares what both print; rulesets the real tool refuses must be refused by ksim too.
 * Skipped, with the reason, where the tools or namespaces are not available (the golden-file test
 * covers the same text then).
 */
@Tag("kernel")
class KernelIptablesTest {
  @BeforeAll
  static void needsTheRealTools() {
    boolean root = "root".equals(System.getProperty("user.name"));
    assumeTrue(root, "kernel comparison skipped: needs root for ip netns");
    assumeTrue(
        Namespace.available("ip"), "kernel comparison skipped: iproute2 (ip) is not installed");
    assumeTrue(
        Namespace.available("iptables-nft-restore"),
        "kernel comparison skipped: the iptables package is not installed");
  }

  static Stream<Arguments> rulesets() throws IOException {
    String sample =
        Files.readString(
                Path.of("src/test/resources/golden/iptables-1.8.9/sample.rules"),
                StandardCharsets.UTF_8)
            .replace("-A KUBE-FORWARD -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT\n", "")
            .replace(" -m nfacct --nfacct-name localhost_nps_accepted_pkts", "");
    String generated = generated(40);
    String raw =
        """
        *raw
        :PREROUTING ACCEPT [0:0]
        :OUTPUT ACCEPT [0:0]
        -A PREROUTING -p udp -j NOTRACK
        -A PREROUTING -p tcp -j CT --notrack
        -A OUTPUT -j TRACE
        COMMIT
        *mangle
        :PREROUTING ACCEPT [0:0]
        :INPUT ACCEPT [0:0]
        :FORWARD ACCEPT [0:0]
        :OUTPUT ACCEPT [0:0]
        :POSTROUTING ACCEPT [0:0]
        -A PREROUTING -i eth0 -p tcp -m tcp --dport 80 -j MARK --set-mark 0x1
        -A OUTPUT -o lo -j LOG --log-prefix "out: " --log-level 6
        COMMIT
        """;
    return Stream.of(
        Arguments.of("tutorial-like kube-proxy ruleset", sample),
        Arguments.of("generated services", generated),
        Arguments.of("raw and mangle tables", raw));
  }

  /** A kube-proxy-shaped nat table for {@code services} Services of three endpoints. */
  static String generated(int services) {
    StringBuilder sb =
        new StringBuilder(
            "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n:KUBE-SERVICES - [0:0]\n");
    StringBuilder rules =
        new StringBuilder(
            "-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n");
    for (int s = 0; s < services; s++) {
      String svc = "KUBE-SVC-S" + s;
      sb.append(':').append(svc).append(" - [0:0]\n");
      rules
          .append("-A KUBE-SERVICES -m comment --comment \"ns/svc")
          .append(s)
          .append(":http cluster IP\" -m tcp -p tcp -d 10.96.")
          .append(s / 250)
          .append('.')
          .append(s % 250 + 1)
          .append(" --dport 80 -j ")
          .append(svc)
          .append('\n');
      for (int e = 0; e < 3; e++) {
        String sep = "KUBE-SEP-S" + s + "E" + e;
        sb.append(':').append(sep).append(" - [0:0]\n");
        rules
            .append("-A ")
            .append(svc)
            .append(" -m comment --comment \"ns/svc")
            .append(s)
            .append(":http -> 10.244.")
            .append(e)
            .append('.')
            .append(s % 250 + 2)
            .append(":80\"");
        if (e < 2) {
          rules
              .append(" -m statistic --mode random --probability ")
              .append(String.format(Locale.ROOT, "%.10f", 1.0 / (3 - e)));
        }
        rules.append(" -j ").append(sep).append('\n');
        rules
            .append("-A ")
            .append(sep)
            .append(" -m comment --comment ns/svc")
            .append(s)
            .append(":http -m tcp -p tcp -j DNAT --to-destination 10.244.")
            .append(e)
            .append('.')
            .append(s % 250 + 2)
            .append(":80\n");
      }
    }
    return sb.append(rules).append("COMMIT\n").toString();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rulesets")
  void ksimPrintsWhatTheKernelPrints(String name, String rules) throws IOException {
    Ruleset ruleset =
        new IptablesRestoreParser(name, RuleEnvironment.PERMISSIVE, false)
            .parse(rules, Ruleset.EMPTY);
    try (Namespace ns = Namespace.create("ksimtest")) {
      Namespace.Result restore = ns.exec(rules, "iptables-nft-restore");
      assertThat(restore.exit()).as("real iptables-restore: %s", restore.err()).isZero();

      String save =
          ns.exec("", "iptables-nft-save")
              .out()
              .lines()
              .filter(l -> !l.startsWith("#"))
              .map(l -> l + "\n")
              .reduce("", String::concat);
      assertThat(IptablesSaveWriter.save(ruleset, null, null, false)).isEqualTo(save);
      for (Table table : List.of(Table.RAW, Table.MANGLE, Table.FILTER, Table.NAT)) {
        if (!ruleset.has(table)) {
          continue;
        }
        assertThat(IptablesListWriter.listRules(ruleset.table(table), null))
            .isEqualTo(ns.exec("", "iptables-nft", "-t", table.token(), "-S").out());
        assertThat(
                IptablesListWriter.list(
                    ruleset.table(table),
                    null,
                    new ListOptions(true, true, false, true),
                    new RuleCounters()))
            .isEqualTo(
                ns.exec("", "iptables-nft", "-t", table.token(), "-L", "-n", "-v", "--line-numbers")
                    .out());
        assertThat(
                IptablesListWriter.list(
                    ruleset.table(table),
                    null,
                    new ListOptions(false, false, false, false),
                    new RuleCounters()))
            .isEqualTo(ns.exec("", "iptables-nft", "-t", table.token(), "-L").out());
      }
    }
  }

  static Stream<Arguments> refused() {
    String filter = "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n";
    String nat =
        "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n";
    return Stream.of(
        Arguments.of(
            "unquoted multi-word comment",
            filter + "-A INPUT -m comment --comment two words -j ACCEPT\nCOMMIT\n"),
        Arguments.of("unknown match", filter + "-A INPUT -m nosuchmatch -j ACCEPT\nCOMMIT\n"),
        Arguments.of("jump to a missing chain", filter + "-A INPUT -j NOSUCHCHAIN\nCOMMIT\n"),
        Arguments.of(
            "DNAT in filter",
            filter + "-A INPUT -p tcp -j DNAT --to-destination 1.2.3.4\nCOMMIT\n"),
        Arguments.of(
            "SNAT reachable from PREROUTING",
            nat
                + ":X - [0:0]\n-A PREROUTING -j X\n-A X -p tcp -j SNAT --to-source 1.2.3.4\nCOMMIT\n"),
        Arguments.of(
            "ports without a protocol",
            nat + "-A POSTROUTING -j MASQUERADE --to-ports 1024-2048\nCOMMIT\n"),
        Arguments.of(
            "probability out of range",
            filter + "-A INPUT -m statistic --mode random --probability 1.5 -j ACCEPT\nCOMMIT\n"),
        Arguments.of(
            "a loop of chains",
            filter + ":A - [0:0]\n:B - [0:0]\n-A INPUT -j A\n-A A -j B\n-A B -j A\nCOMMIT\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void whatTheKernelRefusesKsimRefuses(String name, String rules) throws IOException {
    try (Namespace ns = Namespace.create("ksimtest")) {
      assertThat(ns.exec(rules, "iptables-nft-restore").exit())
          .as("the real tool refuses it")
          .isNotZero();
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                new IptablesRestoreParser(name, RuleEnvironment.PERMISSIVE, false)
                    .parse(rules, Ruleset.EMPTY))
        .isInstanceOf(RulesParseException.class);
  }
}
