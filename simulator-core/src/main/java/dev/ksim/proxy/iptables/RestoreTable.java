package dev.ksim.proxy.iptables;

import dev.ksim.net.Cidr;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.net.IpPort;
import dev.ksim.netfilter.table.Rule;
import dev.ksim.netfilter.table.Table;
import dev.ksim.netfilter.text.RestoreInput;
import dev.ksim.netfilter.text.RuleBuilder;
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
 *
 * <p>Each rule of the common shapes is built as its words are written ({@link RuleBuilder}) and
 * handed to the restore with its line, which then need not read 300,000 lines back on a node's
 * first sync: the text is still what the restore's errors, {@code lastRestore} and the traces show,
 * and the rule the one the restore reads from it.
 */
final class RestoreTable {
  private final Table table;
  private final IpFamily family;
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

  /** The rule built for each line of {@link #run}, null for a line of another shape. */
  private final List<@Nullable Rule> built = new ArrayList<>();

  private int ruleCount;

  private final List<String> deletions = new ArrayList<>();

  RestoreTable(Table table, IpFamily family) {
    this.table = table;
    this.family = family;
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
    return new RuleLine(chain, words, new RuleBuilder(family));
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
  // Appends takes a List<@Nullable Rule>; NullAway reads that parameter from the compiled class as
  // List<Rule>
  @SuppressWarnings("NullAway")
  void seal() {
    String chain = runChain;
    if (chain != null) {
      RestoreInput.Appends appends = new RestoreInput.Appends(chain, run, family, built);
      rules.add(appends);
      if (!ChainNames.isServiceChain(chain)) {
        entries.add(appends);
        entryCount += run.size();
      }
      run.clear();
      built.clear();
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

    /** The rule of the words so far, if they are of the shapes it builds. */
    private final RuleBuilder rule;

    private RuleLine(ChainName chain, StringBuilder words, RuleBuilder rule) {
      this.chain = chain;
      this.words = words;
      this.rule = rule;
    }

    /** {@code -m comment --comment TEXT}, quoted when it has spaces as kube-proxy quotes it. */
    RuleLine comment(String text) {
      addWords("-m", "comment", "--comment");
      if (text.contains(" ")) {
        words.append(" \"").append(text).append('"');
      } else {
        word(text);
      }
      rule.comment(text);
      return this;
    }

    /** {@code -m PROTO -p PROTO}. */
    RuleLine protocol(String protocol) {
      addWords("-m", protocol, "-p", protocol);
      rule.portModule(protocol);
      rule.protocol(protocol);
      return this;
    }

    /**
     * {@code -d ADDRESS}: the builder takes the address as a value, not the word written for it
     * (reading back the addresses of 10,000 Services was a tenth of generating their rules).
     */
    RuleLine destination(IpAddress address) {
      addWords("-d", address.toString());
      rule.destination(RuleBuilder.host(address));
      return this;
    }

    RuleLine destination(Cidr network) {
      addWords("-d", network.toString());
      rule.destination(network);
      return this;
    }

    RuleLine source(IpAddress address) {
      addWords("-s", address.toString());
      rule.source(RuleBuilder.host(address));
      return this;
    }

    RuleLine source(Cidr network) {
      addWords("-s", network.toString());
      rule.source(network);
      return this;
    }

    RuleLine destinationPort(int port) {
      String value = Integer.toString(port);
      addWords("--dport", value);
      rule.port(false, value);
      return this;
    }

    /** {@code -m statistic --mode random --probability P}. */
    RuleLine randomProbability(String probability) {
      addWords("-m", "statistic", "--mode", "random", "--probability", probability);
      rule.randomProbability(probability);
      return this;
    }

    /** Any other match arguments, as iptables takes them (the restore reads the line). */
    RuleLine match(String... args) {
      addWords(args);
      rule.refuse();
      return this;
    }

    RuleLine match(List<String> args) {
      for (String arg : args) {
        word(arg);
      }
      rule.refuse();
      return this;
    }

    /** {@code -j CHAIN}, and writes the rule. */
    void jump(ChainName target) {
      addWords("-j", target.value());
      write(rule.jump(target.value()));
    }

    /** {@code -j TARGET OPTIONS...}, and writes the rule. */
    void target(String target, String... options) {
      addWords("-j", target);
      addWords(options);
      write(options.length == 0 ? rule.jump(target) : null);
    }

    /**
     * {@code -j DNAT --to-destination TEXT}, and writes the rule.
     *
     * @param to the endpoint
     * @param text {@code to}'s text, as the port's rules name the endpoint
     */
    void dnat(IpPort to, String text) {
      addWords("-j", "DNAT", "--to-destination", text);
      write(rule.dnat(to));
    }

    /** Writes the rule as it is (a rule without a target only counts packets). */
    void write() {
      write(null);
    }

    /** Writes the rule with the rule {@code made} of its words, if built. */
    private void write(@Nullable Rule made) {
      if (!chain.value().equals(runChain)) {
        seal();
        runChain = chain.value();
      }
      run.add(words.toString());
      built.add(made);
      ruleCount++;
    }

    private void addWords(String... each) {
      for (String word : each) {
        word(word);
      }
    }

    private void word(String word) {
      if (words.length() > 0) {
        words.append(' ');
      }
      words.append(word);
    }
  }
}
