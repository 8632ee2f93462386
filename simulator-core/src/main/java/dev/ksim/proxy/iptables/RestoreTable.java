package dev.ksim.proxy.iptables;

import dev.ksim.netfilter.table.Table;
import dev.ksim.netfilter.text.RestoreInput;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One table of the iptables-restore input kube-proxy writes (upstream's {@code natChains} and
 * {@code natRules} line buffers, and the filter pair): the chain lines, the rules, and the chains
 * to delete. A Service port's rules are written into tables of their own, which a sync then adds to
 * the node's tables ({@link #add}), whole or, when a partial sync keeps the Service's own chains as
 * the kernel has them, without those chains.
 *
 * <p>The rules are kept as runs of rules appended to one chain ({@link RestoreInput.Appends}), each
 * of a Service's own chains one run: a Service port's table is shared by every node that writes the
 * same ({@link SharedPortRules}) and sealed once written, so the restore of each node and each sync
 * gets the same run instances and reads each run once.
 *
 * <p>Each chain is declared once: the top-level chains by the sync, each per-Service chain by the
 * one Service port whose name its hash is of, a stale chain only when no port declares it. So the
 * chain lines are a list, and adding a port's 10-odd chains costs no lookups.
 */
final class RestoreTable {
  private final Table table;
  private final List<String> chains = new ArrayList<>();
  private final List<RestoreInput.Appends> rules = new ArrayList<>();

  /**
   * The runs of {@link #rules} that append to top-level chains, not to a Service's own, and how
   * many rules they hold: what a partial sync takes of an unchanged port.
   */
  private final List<RestoreInput.Appends> entries = new ArrayList<>();

  private int entryCount;

  /** The chain of the run being written, null when none is. */
  private @Nullable String runChain;

  /** The rules of the run being written, not yet in {@link #rules}. */
  private final List<String> run = new ArrayList<>();

  private int ruleCount;

  private final List<String> deletions = new ArrayList<>();

  RestoreTable(Table table) {
    this.table = table;
  }

  /** Declares (and so flushes) a chain, which must not be declared yet. */
  void chain(ChainName name) {
    chains.add(name.value());
  }

  /** Flushes and deletes a chain kube-proxy no longer uses. */
  void delete(String name) {
    chains.add(name);
    deletions.add(name);
  }

  /**
   * The words of the rule being built, reused from rule to rule: a table builds one rule at a time
   * (a {@link RuleLine} is written before the next is appended), and a builder per rule grew three
   * or four times for each of a node's 300,000 lines. Dropped by {@link #finish}, so that the
   * Service ports' shared tables do not each hold one.
   */
  private @Nullable StringBuilder line;

  /** A rule appended to {@code chain}, built match by match and written by its target. */
  RuleLine append(ChainName chain) {
    StringBuilder words = line;
    if (words == null) {
      words = new StringBuilder(256);
      line = words;
    } else {
      words.setLength(0);
    }
    return new RuleLine(chain, words);
  }

  /**
   * Adds the chains and rules of one Service port's {@code service} table; with {@code
   * keepServiceChains}, leaves out the Service's own chains and their rules (a partial sync keeps
   * them as they are in the kernel), so only its entries in the top-level chains are written.
   */
  void add(RestoreTable service, boolean keepServiceChains) {
    seal();
    if (keepServiceChains) {
      addEach(rules, service.entries);
      ruleCount += service.entryCount;
    } else {
      addEach(chains, service.chains);
      addEach(rules, service.rules);
      ruleCount += service.ruleCount;
    }
  }

  /**
   * {@code to.addAll(from)} without the copy of {@code from} that addAll makes first: a sync adds
   * the few runs of each of 10,000 ports.
   */
  private static <T> void addEach(List<T> to, List<T> from) {
    for (int i = 0; i < from.size(); i++) {
      to.add(from.get(i));
    }
  }

  /** Seals the table for good: a Service port's, shared and only read from now on. */
  void finish() {
    seal();
    line = null;
  }

  /** Ends the run being written: a table is sealed before another table or the restore takes it. */
  void seal() {
    String chain = runChain;
    if (chain != null) {
      RestoreInput.Appends appends = new RestoreInput.Appends(chain, run);
      rules.add(appends);
      if (!ChainNames.isServiceChain(chain)) {
        entries.add(appends);
        entryCount += run.size();
      }
      run.clear();
      runChain = null;
    }
  }

  /** The chains declared so far. */
  List<String> chains() {
    return chains;
  }

  /** The number of rules written so far. */
  int ruleCount() {
    return ruleCount;
  }

  /** The table as the restore takes it: chain lines, rules, deletions. */
  RestoreInput.TableInput input() {
    seal();
    return new RestoreInput.TableInput(table, List.copyOf(chains), rules, deletions);
  }

  /**
   * One {@code -A} rule in kube-proxy's option order; nothing is written until a target ({@link
   * #jump}, {@link #target}) or {@link #write} ends it. Its table's next {@link #append} starts
   * over in the same words, so a rule is ended before the next one of its table begins.
   */
  final class RuleLine {
    private final ChainName chain;
    private final StringBuilder words;

    private RuleLine(ChainName chain, StringBuilder words) {
      this.chain = chain;
      this.words = words;
    }

    /** {@code -m comment --comment TEXT}, quoted when it has spaces as kube-proxy quotes it. */
    RuleLine comment(String text) {
      word("-m");
      word("comment");
      word("--comment");
      if (text.contains(" ")) {
        words.append(" \"").append(text).append('"');
      } else {
        word(text);
      }
      return this;
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
      for (String arg : args) {
        word(arg);
      }
      return this;
    }

    RuleLine match(List<String> args) {
      for (String arg : args) {
        word(arg);
      }
      return this;
    }

    /** {@code -j CHAIN}, and writes the rule. */
    void jump(ChainName target) {
      target(target.value());
    }

    /** {@code -j TARGET OPTIONS...}, and writes the rule. */
    void target(String target, String... options) {
      word("-j");
      word(target);
      for (String option : options) {
        word(option);
      }
      write();
    }

    /** Writes the rule as it is (a rule without a target only counts packets). */
    void write() {
      if (!chain.value().equals(runChain)) {
        seal();
        runChain = chain.value();
      }
      run.add(words.toString());
      ruleCount++;
    }

    private void word(String word) {
      if (words.length() > 0) {
        words.append(' ');
      }
      words.append(word);
    }
  }
}
