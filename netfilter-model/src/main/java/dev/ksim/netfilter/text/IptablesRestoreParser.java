package dev.ksim.netfilter.text;

import dev.ksim.input.SourceLocation;
import dev.ksim.netfilter.Hook;
import dev.ksim.netfilter.HookVerdict;
import dev.ksim.netfilter.table.Chain;
import dev.ksim.netfilter.table.Rule;
import dev.ksim.netfilter.table.Ruleset;
import dev.ksim.netfilter.table.Table;
import dev.ksim.netfilter.table.TableState;
import dev.ksim.netfilter.target.Dnat;
import dev.ksim.netfilter.target.Masquerade;
import dev.ksim.netfilter.target.Redirect;
import dev.ksim.netfilter.target.Reject;
import dev.ksim.netfilter.target.Snat;
import dev.ksim.netfilter.target.Target;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code iptables-restore} input: {@code *table}, {@code :CHAIN POLICY [p:b]}, {@code -A},
 * {@code -I}, {@code -D}, {@code -N}, {@code -X}, {@code -F}, {@code COMMIT}, comments. Without
 * {@code --noflush} a table named in the input is replaced whole; with it, the existing chains are
 * kept and a declared user chain is flushed (what kube-proxy's partial syncs rely on). At each
 * COMMIT the table is checked as the kernel checks it: jumps to existing chains, no loops, NAT and
 * REJECT targets only where their hooks allow. The result is built apart and returned whole: an
 * error leaves the caller's ruleset untouched.
 */
public final class IptablesRestoreParser {
  private static final String TOOL = "iptables-restore v1.8.9 (nf_tables)";

  /** XT_EXTENSION_MAXNAMELEN less the NUL: the longest chain name iptables takes. */
  private static final int MAX_CHAIN_NAME = 28;

  /** iptables-restore's word buffer (add_param_to_argv) less the NUL: 1,024 characters refused. */
  private static final int MAX_PARAMETER = 1023;

  /** NFT_JUMP_STACK_SIZE (include/net/netfilter/nf_tables.h). */
  private static final int JUMP_STACK_SIZE = 16;

  private final String file;
  private final RuleEnvironment environment;
  private final boolean noflush;

  public IptablesRestoreParser(String file, RuleEnvironment environment, boolean noflush) {
    this.file = file;
    this.environment = environment;
    this.noflush = noflush;
  }

  /** A mutable chain while its table is being read. */
  private static final class ChainDraft {
    final String name;
    HookVerdict policy;
    final List<Rule> rules = new ArrayList<>();
    final List<Integer> lines = new ArrayList<>();

    ChainDraft(String name, HookVerdict policy) {
      this.name = name;
      this.policy = policy;
    }
  }

  /**
   * Applies {@code text} to {@code current}.
   *
   * @throws RulesParseException with the line iptables-restore would name
   */
  public Ruleset parse(String text, Ruleset current) {
    Ruleset result = current;
    Table table = null;
    Map<String, ChainDraft> chains = null;
    int tableLine = 0;
    String[] lines = text.split("\n", -1);
    for (int n = 0; n < lines.length; n++) {
      int lineNo = n + 1;
      // a line is read as a C string: it ends at a NUL octet, and only '\n' ends it (a '\r' of a
      // CRLF file stays part of its last word, as iptables-restore reads it)
      String line = beforeNul(lines[n]);
      boolean newline = n < lines.length - 1;
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (table != null && chains != null && line.equals("COMMIT")) {
        result = result.with(commit(table, chains, tableLine));
        table = null;
        chains = null;
        continue;
      }
      if (line.startsWith("*")) {
        if (table != null) {
          throw error(
              lineNo, "table '" + table.token() + "' was not committed before '" + line + "'");
        }
        String name = firstWord(line.substring(1));
        table =
            Table.tryParse(name)
                .orElseThrow(
                    () ->
                        error(
                            lineNo,
                            "iptables-restore: line "
                                + lineNo
                                + " table name '"
                                + name
                                + "' invalid"));
        chains = draft(result, table);
        tableLine = lineNo;
        continue;
      }
      if (table == null || chains == null) {
        throw error(lineNo, "no command specified");
      }
      if (line.startsWith(":")) {
        declare(table, chains, line, lineNo);
        continue;
      }
      command(table, chains, line, newline, lineNo);
    }
    if (table != null) {
      throw error(lines.length, "COMMIT expected at line " + lines.length);
    }
    return result;
  }

  private Map<String, ChainDraft> draft(Ruleset ruleset, Table table) {
    Map<String, ChainDraft> chains = new LinkedHashMap<>();
    for (Hook hook : table.hooks()) {
      chains.put(hook.name(), new ChainDraft(hook.name(), HookVerdict.ACCEPT));
    }
    if (noflush && ruleset.has(table)) {
      for (Chain chain : ruleset.table(table).chains().values()) {
        ChainDraft draft =
            chains.computeIfAbsent(
                chain.name(),
                c ->
                    new ChainDraft(
                        c, chain.policy() == null ? HookVerdict.ACCEPT : chain.policy()));
        draft.policy = chain.policy() == null ? HookVerdict.ACCEPT : chain.policy();
        draft.rules.addAll(chain.rules());
        chain.rules().forEach(r -> draft.lines.add(0));
      }
    }
    return chains;
  }

  private void declare(Table table, Map<String, ChainDraft> chains, String line, int lineNo) {
    List<String> parts = words(line.substring(1));
    if (parts.isEmpty()) {
      throw error(lineNo, "iptables-restore: line " + lineNo + " chain name invalid");
    }
    String name = parts.get(0);
    checkChainName(name, lineNo);
    if (parts.size() < 2) {
      throw error(lineNo, "iptables-restore: line " + lineNo + " policy invalid");
    }
    String policy = parts.get(1);
    if (table.hooks().stream().anyMatch(h -> h.name().equals(name))) {
      // "-" leaves a built-in chain's policy as it is (ACCEPT after a flush)
      if (policy.equals("-")) {
        return;
      }
      if (!policy.equals("ACCEPT") && !policy.equals("DROP")) {
        throw error(lineNo, "iptables-restore: line " + lineNo + " failed: Bad policy name.");
      }
      java.util.Objects.requireNonNull(chains.get(name)).policy = HookVerdict.valueOf(policy);
      return;
    }
    // a user chain has no policy: iptables-restore ignores whatever the line gives
    ChainDraft existing = chains.get(name);
    if (existing != null) {
      existing.rules.clear();
      existing.lines.clear();
    } else {
      chains.put(name, new ChainDraft(name, HookVerdict.ACCEPT));
    }
  }

  /** iptables' checks of a chain name (xshared.c): length, no leading '-', no blank inside. */
  private void checkChainName(String name, int lineNo) {
    if (name.length() > MAX_CHAIN_NAME) {
      throw error(
          lineNo,
          "chain name `" + name + "' too long (must be under " + (MAX_CHAIN_NAME + 1) + " chars)");
    }
    if (name.startsWith("-")) {
      throw error(lineNo, "chain name not allowed to start with `-'");
    }
    if (name.chars().anyMatch(IptablesRestoreParser::isCSpace)) {
      throw error(lineNo, "Invalid chain name `" + name + "'");
    }
  }

  /** C's isspace: blank, tab, newline, vertical tab, form feed, carriage return. */
  private static boolean isCSpace(int c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
  }

  /** The words of a table or chain line, split on blanks and tabs as strtok(" \\t\\n") does. */
  private static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    for (String word : text.split("[ \t]+")) {
      if (!word.isEmpty()) {
        words.add(word);
      }
    }
    return words;
  }

  private static String firstWord(String text) {
    List<String> words = words(text);
    return words.isEmpty() ? "" : words.get(0);
  }

  private static String beforeNul(String line) {
    int nul = line.indexOf('\0');
    return nul < 0 ? line : line.substring(0, nul);
  }

  private void command(
      Table table, Map<String, ChainDraft> chains, String line, boolean newline, int lineNo) {
    String body = line;
    if (body.startsWith("[")) {
      int close = body.indexOf(']');
      if (close < 0) {
        throw error(lineNo, "Bad counter in line " + lineNo);
      }
      body = body.substring(close + 1).strip();
    }
    List<String> words = RuleTokenizer.split(body, newline);
    if (words.isEmpty()) {
      throw error(lineNo, "no command specified");
    }
    if (words.stream().anyMatch(w -> w.length() > MAX_PARAMETER)) {
      throw error(lineNo, "Parameter too long!");
    }
    String op = words.get(0);
    String chainName = words.size() > 1 ? words.get(1) : null;
    switch (op) {
      case "-N", "--new-chain" -> {
        if (chainName == null) {
          throw error(lineNo, "option \"-N\" requires an argument");
        }
        checkChainName(chainName, lineNo);
        if (chains.containsKey(chainName)) {
          throw error(lineNo, "Chain already exists");
        }
        chains.put(chainName, new ChainDraft(chainName, HookVerdict.ACCEPT));
      }
      case "-X", "--delete-chain" -> {
        if (chainName == null) {
          chains.keySet().removeIf(c -> table.hooks().stream().noneMatch(h -> h.name().equals(c)));
        } else {
          if (table.hooks().stream().anyMatch(h -> h.name().equals(chainName))) {
            // iptables-nft-restore 1.8.9: the kernel's answer with --noflush, the lookup's without
            throw error(
                lineNo,
                noflush
                    ? "line "
                        + lineNo
                        + ": CHAIN_DEL failed (Device or resource busy): chain "
                        + chainName
                    : "iptables-restore: line "
                        + lineNo
                        + " failed: No chain/target/match by that name.");
          }
          if (chains.remove(chainName) == null) {
            throw error(
                lineNo,
                "iptables-restore: line "
                    + lineNo
                    + " failed: No chain/target/match by that name.");
          }
        }
      }
      case "-F", "--flush" -> {
        if (chainName == null) {
          chains
              .values()
              .forEach(
                  c -> {
                    c.rules.clear();
                    c.lines.clear();
                  });
        } else {
          ChainDraft chain = requireChain(chains, chainName, lineNo);
          chain.rules.clear();
          chain.lines.clear();
        }
      }
      case "-A", "--append", "-I", "--insert", "-D", "--delete" -> {
        if (chainName == null) {
          throw error(lineNo, "option \"" + op + "\" requires an argument");
        }
        ChainDraft chain = requireChain(chains, chainName, lineNo);
        List<String> rest = words.subList(2, words.size());
        int position = -1;
        boolean insert = op.equals("-I") || op.equals("--insert");
        boolean delete = op.equals("-D") || op.equals("--delete");
        if ((insert || delete)
            && !rest.isEmpty()
            && rest.get(0).chars().allMatch(Character::isDigit)) {
          position = Integer.parseInt(rest.get(0));
          rest = rest.subList(1, rest.size());
          if (delete) {
            if (position < 1 || position > chain.rules.size()) {
              throw error(lineNo, "Index of deletion too big");
            }
            chain.rules.remove(position - 1);
            chain.lines.remove(position - 1);
            return;
          }
        }
        Rule rule;
        try {
          rule = RuleParser.parse(rest, environment);
        } catch (RuleSyntaxException e) {
          throw error(lineNo, String.valueOf(e.getMessage()));
        }
        checkTable(table, chainName, rule, lineNo);
        if (delete) {
          int index = indexOf(chain.rules, rule);
          if (index < 0) {
            throw error(lineNo, "Bad rule (does a matching rule exist in that chain?)");
          }
          chain.rules.remove(index);
          chain.lines.remove(index);
        } else if (insert) {
          int index = position < 0 ? 0 : position - 1;
          if (index > chain.rules.size()) {
            throw error(lineNo, "Index of insertion too big");
          }
          chain.rules.add(index, rule);
          chain.lines.add(index, lineNo);
        } else {
          chain.rules.add(rule);
          chain.lines.add(lineNo);
        }
      }
      default ->
          throw error(
              lineNo,
              op.startsWith("-") ? "unknown option \"" + op + "\"" : "Bad argument `" + op + "'");
    }
  }

  private static int indexOf(List<Rule> rules, Rule rule) {
    for (int i = 0; i < rules.size(); i++) {
      if (rules.get(i).text().equals(rule.text())) {
        return i;
      }
    }
    return -1;
  }

  private ChainDraft requireChain(Map<String, ChainDraft> chains, String name, int lineNo) {
    ChainDraft chain = chains.get(name);
    if (chain == null) {
      throw error(lineNo, "Chain '" + name + "' does not exist");
    }
    return chain;
  }

  /** Targets that belong to one table. */
  private void checkTable(Table table, String chain, Rule rule, int lineNo) {
    Target target = rule.target();
    boolean natTarget =
        target instanceof Dnat
            || target instanceof Snat
            || target instanceof Masquerade
            || target instanceof Redirect;
    if (natTarget && table != Table.NAT) {
      throw error(lineNo, "RULE_APPEND failed (Invalid argument): rule in chain " + chain);
    }
  }

  /** The kernel's checks at commit, then the table as it will be. */
  private TableState commit(Table table, Map<String, ChainDraft> chains, int tableLine) {
    Map<String, Set<Hook>> reachable = new HashMap<>();
    for (Hook hook : table.hooks()) {
      walk(chains, hook.name(), hook, reachable, new HashMap<>(), new ArrayList<>(), tableLine);
    }
    for (ChainDraft chain : chains.values()) {
      for (int i = 0; i < chain.rules.size(); i++) {
        Rule rule = chain.rules.get(i);
        Target target = rule.target();
        int lineNo = chain.lines.get(i) == 0 ? tableLine : chain.lines.get(i);
        if (target != null
            && target.chainReference() != null
            && !chains.containsKey(target.chainReference())) {
          throw error(
              lineNo,
              "RULE_APPEND failed (No such file or directory): rule in chain "
                  + chain.name
                  + " (Chain '"
                  + target.chainReference()
                  + "' does not exist)");
        }
        Set<Hook> hooks = reachable.getOrDefault(chain.name, Set.of());
        Set<Hook> allowed = allowedHooks(target);
        if (!hooks.isEmpty() && !allowed.containsAll(hooks)) {
          throw error(lineNo, "RULE_APPEND failed (Invalid argument): rule in chain " + chain.name);
        }
      }
    }
    Map<String, Chain> result = new LinkedHashMap<>();
    for (ChainDraft draft : chains.values()) {
      boolean builtin = table.hooks().stream().anyMatch(h -> h.name().equals(draft.name));
      result.put(draft.name, new Chain(draft.name, builtin ? draft.policy : null, draft.rules));
    }
    return TableState.of(table, result);
  }

  private static Set<Hook> allowedHooks(@org.jspecify.annotations.Nullable Target target) {
    if (target instanceof Dnat || target instanceof Redirect) {
      return EnumSet.of(Hook.PREROUTING, Hook.OUTPUT);
    }
    if (target instanceof Snat) {
      return EnumSet.of(Hook.POSTROUTING, Hook.INPUT);
    }
    if (target instanceof Masquerade) {
      return EnumSet.of(Hook.POSTROUTING);
    }
    if (target instanceof Reject) {
      return EnumSet.of(Hook.INPUT, Hook.FORWARD, Hook.OUTPUT);
    }
    return EnumSet.allOf(Hook.class);
  }

  /**
   * Marks the chains reachable from a hook, failing on a loop as the kernel does (ELOOP) and on a
   * jump that would go deeper than the nf_tables jump stack (EMLINK, "Too many links": {@code
   * NFT_JUMP_STACK_SIZE} is 16, so a jump or goto from a chain 15 jumps below a base chain is
   * refused; iptables-nft-restore 1.8.9 on this machine refused a line of 16 user chains under
   * INPUT and took 15). A chain met again deeper than before is walked again, at most once per
   * depth.
   *
   * @param deepest per chain, the deepest path from this hook it was walked at
   */
  private void walk(
      Map<String, ChainDraft> chains,
      String name,
      Hook hook,
      Map<String, Set<Hook>> reachable,
      Map<String, Integer> deepest,
      List<String> path,
      int tableLine) {
    if (path.contains(name)) {
      List<String> loop = new ArrayList<>(path.subList(path.indexOf(name), path.size()));
      loop.add(name);
      throw error(
          tableLine,
          "RULE_APPEND failed (Too many links): loop in chains " + String.join(" -> ", loop));
    }
    reachable.computeIfAbsent(name, c -> EnumSet.noneOf(Hook.class)).add(hook);
    ChainDraft chain = chains.get(name);
    if (chain == null || deepest.getOrDefault(name, -1) >= path.size()) {
      return;
    }
    deepest.put(name, path.size());
    path.add(name);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < chain.rules.size(); i++) {
      Target target = chain.rules.get(i).target();
      String next = target == null ? null : target.chainReference();
      if (next != null && chains.containsKey(next) && path.size() >= JUMP_STACK_SIZE) {
        throw error(
            chain.lines.get(i) == 0 ? tableLine : chain.lines.get(i),
            "RULE_APPEND failed (Too many links): rule in chain " + name);
      }
      if (next != null && seen.add(next)) {
        walk(chains, next, hook, reachable, deepest, path, tableLine);
      }
    }
    path.remove(path.size() - 1);
  }

  private RulesParseException error(int line, String message) {
    return new RulesParseException(new SourceLocation(file, line, null), TOOL + ": " + message);
  }
}
