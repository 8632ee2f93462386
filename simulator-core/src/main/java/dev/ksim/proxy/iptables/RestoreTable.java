package dev.ksim.proxy.iptables;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One table of the iptables-restore input kube-proxy writes (upstream's {@code natChains} and
 * {@code natRules} line buffers, and the filter pair): the chain lines, the rules, and the chains
 * to delete. While {@link #skipServiceChains} is set, a partial sync leaves the current Service's
 * own chains as they are in the kernel: their chain lines and rules are not written.
 */
final class RestoreTable {
  private final String table;
  private final Set<ChainName> chains = new LinkedHashSet<>();
  private final List<String> rules = new ArrayList<>();
  private final List<ChainName> deletions = new ArrayList<>();
  private boolean skipServiceChains;

  RestoreTable(String table) {
    this.table = table;
  }

  /** Whether the Service being written keeps its chains as they are (a partial sync). */
  void skipServiceChains(boolean skip) {
    skipServiceChains = skip;
  }

  private boolean skips(ChainName chain) {
    return skipServiceChains && ChainNames.isServiceChain(chain.value());
  }

  /**
   * Whether rules appended to {@code chain} are written: false for a Service's own chains during a
   * partial sync, whose rules need not even be built then.
   */
  boolean writes(ChainName chain) {
    return !skips(chain);
  }

  /** Declares (and so flushes) a chain. */
  void chain(ChainName name) {
    if (!skips(name)) {
      chains.add(name);
    }
  }

  /** Flushes and deletes a chain kube-proxy no longer uses. */
  void delete(ChainName name) {
    chains.add(name);
    deletions.add(name);
  }

  /** A rule appended to {@code chain}, built match by match and written by its target. */
  RuleLine append(ChainName chain) {
    return new RuleLine(chain);
  }

  /** The number of rules written so far. */
  int ruleCount() {
    return rules.size();
  }

  /** The table as iptables-restore input: chain lines, rules, deletions, COMMIT. */
  String text() {
    StringBuilder sb = new StringBuilder("*").append(table).append('\n');
    chains.forEach(c -> sb.append(':').append(c).append(" - [0:0]\n"));
    rules.forEach(r -> sb.append(r).append('\n'));
    deletions.forEach(c -> sb.append("-X ").append(c).append('\n'));
    return sb.append("COMMIT\n").toString();
  }

  /**
   * One {@code -A} rule in kube-proxy's option order; nothing is written until a target ({@link
   * #jump}, {@link #target}) or {@link #write} ends it.
   */
  final class RuleLine {
    private final ChainName chain;
    private final StringBuilder line;

    private RuleLine(ChainName chain) {
      this.chain = chain;
      this.line = new StringBuilder("-A ").append(chain);
    }

    /** {@code -m comment --comment TEXT}, quoted when it has spaces as kube-proxy quotes it. */
    RuleLine comment(String text) {
      return match("-m", "comment", "--comment", text.contains(" ") ? "\"" + text + "\"" : text);
    }

    /** {@code -m PROTO -p PROTO}. */
    RuleLine protocol(String protocol) {
      return match("-m", protocol, "-p", protocol);
    }

    RuleLine destination(Object address) {
      return match("-d", address.toString());
    }

    RuleLine source(Object address) {
      return match("-s", address.toString());
    }

    RuleLine destinationPort(int port) {
      return match("--dport", Integer.toString(port));
    }

    /** Any other match arguments, as iptables takes them. */
    RuleLine match(String... args) {
      return match(List.of(args));
    }

    RuleLine match(List<String> args) {
      args.forEach(a -> line.append(' ').append(a));
      return this;
    }

    /** {@code -j CHAIN}, and writes the rule. */
    void jump(ChainName target) {
      target(target.value());
    }

    /** {@code -j TARGET OPTIONS...}, and writes the rule. */
    void target(String target, String... options) {
      line.append(" -j ").append(target);
      for (String option : options) {
        line.append(' ').append(option);
      }
      write();
    }

    /** Writes the rule as it is (a rule without a target only counts packets). */
    void write() {
      if (!skips(chain)) {
        rules.add(line.toString());
      }
    }
  }
}
