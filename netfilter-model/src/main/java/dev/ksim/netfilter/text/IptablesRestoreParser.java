package dev.ksim.netfilter.text;

import dev.ksim.input.SourceLocation;
import dev.ksim.netfilter.hook.Hook;
import dev.ksim.netfilter.hook.HookVerdict;
import dev.ksim.netfilter.table.ChainGraph;
import dev.ksim.netfilter.table.Rule;
import dev.ksim.netfilter.table.Ruleset;
import dev.ksim.netfilter.table.Table;
import dev.ksim.netfilter.table.TableState;
import dev.ksim.netfilter.target.Dnat;
import dev.ksim.netfilter.target.Masquerade;
import dev.ksim.netfilter.target.Redirect;
import dev.ksim.netfilter.target.Snat;
import dev.ksim.netfilter.target.Target;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

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

  /**
   * Applies {@code text} to {@code current}.
   *
   * @throws RulesParseException with the line iptables-restore would name
   */
  public Ruleset parse(String text, Ruleset current) {
    Ruleset result = current;
    Table table = null;
    TableDraft chains = null;
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

  /**
   * Applies {@code input} to {@code current} as {@link #parse} applies {@code input.text()}: line
   * for line the same commands, checks and errors, at the line numbers of that text.
   *
   * @throws RulesParseException with the line iptables-restore would name
   */
  public Ruleset restore(RestoreInput input, Ruleset current) {
    Ruleset result = current;
    int lineNo = 0;
    for (RestoreInput.TableInput part : input.tables()) {
      Table table = part.table();
      TableState base = base(result, table);
      TableState shared = SharedCommits.find(base, result.table(table), part, environment);
      if (shared != null) {
        result = result.with(shared);
        lineNo += lines(part);
        continue;
      }
      TableDraft chains = new TableDraft(table, base, part.chains().size());
      int tableLine = ++lineNo;
      for (String chain : part.chains()) {
        declareChain(table, chains, chain, ++lineNo);
      }
      boolean read = true;
      for (RestoreInput.Appends run : part.rules()) {
        read &= append(table, chains, run, lineNo + 1);
        lineNo += run.rules().size();
      }
      for (String chain : part.deletions()) {
        command(table, chains, "-X " + chain, true, ++lineNo);
      }
      ++lineNo;
      TableState committed = commit(table, chains, tableLine);
      if (read) {
        SharedCommits.remember(base, part, environment, committed);
      }
      result = result.with(committed);
    }
    return result;
  }

  /** The lines of {@code part}: its table's, its chains', rules' and deletions', and COMMIT. */
  private static int lines(RestoreInput.TableInput part) {
    int lines = 2 + part.chains().size() + part.deletions().size();
    for (RestoreInput.Appends run : part.rules()) {
      lines += run.rules().size();
    }
    return lines;
  }

  /** {@code :NAME - [0:0]}: a plain name is declared without reading the line's words. */
  private void declareChain(Table table, TableDraft chains, String name, int lineNo) {
    if (name.isEmpty() || hasCSpace(name)) {
      declare(table, chains, ":" + name + " - [0:0]", lineNo);
      return;
    }
    checkChainWord(name, lineNo);
    if (!table.hasBuiltinChain(name)) {
      declareUserChain(chains, name);
    }
  }

  /**
   * A run of {@code -A CHAIN RULE} lines, the first at {@code firstLine}: taken whole when the run
   * was read before in this table and family ({@link ParsedAppends}), else read line by line and,
   * when it is read without error, remembered in the run. A plain run ({@link #isPlain}) is read as
   * {@link #command} reads each of its lines, check for check, without writing the lines and
   * reading their command and chain back, and without the {@link RuleCache}: its lines are parsed
   * once, here, and the run remembers them (a run is the unit kube-proxy hands over again).
   *
   * @return whether the run's rules are remembered in it as they hold here ({@link
   *     RestoreInput.Appends#parsed})
   */
  private boolean append(Table table, TableDraft chains, RestoreInput.Appends run, int firstLine) {
    ParsedAppends parsed = run.parsed();
    if (parsed != null && parsed.holdsIn(table, environment)) {
      requireChain(chains, run.chain(), firstLine).append(parsed, firstLine);
      return true;
    }
    List<String> rules = run.rules();
    if (!isPlain(run)) {
      for (int i = 0; i < rules.size(); i++) {
        command(table, chains, run.line(rules.get(i)), true, firstLine + i);
      }
      return false;
    }
    String chainName = run.chain();
    ChainDraft chain = null;
    List<Rule> read = new ArrayList<>(rules.size());
    boolean refersOutside = false;
    @Nullable Rule @Nullable [] built = run.built(environment.family());
    for (int i = 0; i < rules.size(); i++) {
      int lineNo = firstLine + i;
      if (chainName.length() > MAX_PARAMETER) {
        throw error(lineNo, "Parameter too long!");
      }
      // most of kube-proxy's lines come with the rule their writer built, or are read straight
      // from the line (both only up to a length no word of which is too long); the rest word by
      // word
      @Nullable Rule given = built == null ? null : built[i];
      Rule rule =
          given != null && rules.get(i).length() <= CommonRules.MAX_LINE
              ? given
              : CommonRules.read(rules.get(i), environment.family());
      List<String> words = rule == null ? RuleTokenizer.split(rules.get(i), true) : List.of();
      checkParameters(words, lineNo);
      if (chain == null) {
        chain = requireChain(chains, chainName, lineNo);
      }
      if (rule == null) {
        rule = parseRule(words, lineNo);
        // a rule CommonRules reads or a writer builds has no ipset or nfacct match
        refersOutside |= RuleCache.refersOutside(rule);
      }
      checkTable(table, chainName, rule, lineNo);
      read.add(rule);
    }
    if (chain == null) {
      return false;
    }
    // appended as a run read before is: a chain written anew holds the run itself
    ParsedAppends appended =
        new ParsedAppends(table, environment.family(), chainName, read, refersOutside);
    chain.append(appended, firstLine);
    run.parsed(appended);
    return true;
  }

  /** iptables-restore's limit on the length of a word. */
  private void checkParameters(List<String> words, int lineNo) {
    for (int i = 0; i < words.size(); i++) {
      if (words.get(i).length() > MAX_PARAMETER) {
        throw error(lineNo, "Parameter too long!");
      }
    }
  }

  /**
   * Whether each line of {@code run} is {@code -A}, the run's chain and the rule's own words, as
   * iptables-restore splits it: a chain name without blanks, quotes or backslashes, and a rule that
   * starts right after it.
   */
  private static boolean isPlain(RestoreInput.Appends run) {
    String chain = run.chain();
    if (chain.isEmpty()) {
      return false;
    }
    for (int i = 0; i < chain.length(); i++) {
      char c = chain.charAt(i);
      if (c == ' ' || c == '"' || c == '\\' || c == '\t' || c == '\'') {
        return false;
      }
    }
    for (String rule : run.rules()) {
      if (rule.isEmpty() || rule.charAt(0) == ' ') {
        return false;
      }
    }
    return true;
  }

  private TableDraft draft(Ruleset ruleset, Table table) {
    return new TableDraft(table, base(ruleset, table));
  }

  /**
   * The table a restore of {@code table} starts from: the ruleset's with {@code --noflush}, else
   * only its built-in chains, each empty with policy ACCEPT.
   */
  private TableState base(Ruleset ruleset, Table table) {
    return noflush && ruleset.has(table) ? ruleset.table(table) : TableState.empty(table);
  }

  private void declare(Table table, TableDraft chains, String line, int lineNo) {
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
    if (table.hasBuiltinChain(name)) {
      // "-" leaves a built-in chain's policy as it is (ACCEPT after a flush)
      if (policy.equals("-")) {
        return;
      }
      if (!policy.equals("ACCEPT") && !policy.equals("DROP")) {
        throw error(lineNo, "iptables-restore: line " + lineNo + " failed: Bad policy name.");
      }
      Objects.requireNonNull(chains.get(name)).policy = HookVerdict.valueOf(policy);
      return;
    }
    // a user chain has no policy: iptables-restore ignores whatever the line gives
    declareUserChain(chains, name);
  }

  /** A user chain declared: flushed if it exists, created if not. */
  private static void declareUserChain(TableDraft chains, String name) {
    ChainDraft existing = chains.get(name);
    if (existing != null) {
      existing.flush();
    } else {
      chains.create(name);
    }
  }

  /** iptables' checks of a chain name (xshared.c): length, no leading '-', no blank inside. */
  private void checkChainName(String name, int lineNo) {
    checkChainWord(name, lineNo);
    if (hasCSpace(name)) {
      throw error(lineNo, "Invalid chain name `" + name + "'");
    }
  }

  /** {@link #checkChainName}'s checks of a name known to have no blank inside. */
  private void checkChainWord(String name, int lineNo) {
    if (name.length() > MAX_CHAIN_NAME) {
      throw error(
          lineNo,
          "chain name `" + name + "' too long (must be under " + (MAX_CHAIN_NAME + 1) + " chars)");
    }
    if (name.startsWith("-")) {
      throw error(lineNo, "chain name not allowed to start with `-'");
    }
  }

  /** Whether {@code name} has a character C's isspace takes for a blank. */
  static boolean hasCSpace(String name) {
    for (int i = 0; i < name.length(); i++) {
      if (isCSpace(name.charAt(i))) {
        return true;
      }
    }
    return false;
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

  private void command(Table table, TableDraft chains, String line, boolean newline, int lineNo) {
    String body = line;
    if (body.startsWith("[")) {
      int close = body.indexOf(']');
      if (close < 0) {
        throw error(lineNo, "Bad counter in line " + lineNo);
      }
      body = body.substring(close + 1).strip();
    }
    if (appendKnownRule(table, chains, body, lineNo)) {
      return;
    }
    List<String> words = RuleTokenizer.split(body, newline);
    if (words.isEmpty()) {
      throw error(lineNo, "no command specified");
    }
    checkParameters(words, lineNo);
    String op = words.get(0);
    String chainName = words.size() > 1 ? words.get(1) : null;
    switch (op) {
      case "-N", "--new-chain" -> {
        if (chainName == null) {
          throw error(lineNo, "option \"-N\" requires an argument");
        }
        checkChainName(chainName, lineNo);
        if (chains.contains(chainName)) {
          throw error(lineNo, "Chain already exists");
        }
        chains.create(chainName);
      }
      case "-X", "--delete-chain" -> {
        if (chainName == null) {
          chains.deleteUserChains();
        } else {
          if (table.hasBuiltinChain(chainName)) {
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
          if (!chains.delete(chainName)) {
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
          chains.all().forEach(ChainDraft::flush);
        } else {
          requireChain(chains, chainName, lineNo).flush();
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
            if (position < 1 || position > chain.rules().size()) {
              throw error(lineNo, "Index of deletion too big");
            }
            chain.editRules().remove(position - 1);
            chain.editLines().remove(position - 1);
            return;
          }
        }
        Rule rule = parseRule(rest, lineNo);
        int text = appendedRuleText(body);
        if (op.equals("-A") && text > 0) {
          RuleCache.put(body.substring(text), environment, rule);
        }
        checkTable(table, chainName, rule, lineNo);
        if (delete) {
          int index = indexOf(chain.rules(), rule);
          if (index < 0) {
            throw error(lineNo, "Bad rule (does a matching rule exist in that chain?)");
          }
          chain.editRules().remove(index);
          chain.editLines().remove(index);
        } else if (insert) {
          int index = position < 0 ? 0 : position - 1;
          if (index > chain.rules().size()) {
            throw error(lineNo, "Index of insertion too big");
          }
          chain.editRules().add(index, rule);
          chain.editLines().add(index, lineNo);
        } else {
          append(chain, rule, lineNo);
        }
      }
      default ->
          throw error(
              lineNo,
              op.startsWith("-") ? "unknown option \"" + op + "\"" : "Bad argument `" + op + "'");
    }
  }

  /**
   * {@code -A CHAIN RULE} with a rule text parsed before: the rule comes from the {@link
   * RuleCache}. False when the line is anything else, or the rule is new (then it is parsed), or
   * the chain's name is too long a word (then reading the line refuses it, as iptables-restore does
   * before it looks for the chain).
   */
  private boolean appendKnownRule(Table table, TableDraft chains, String body, int lineNo) {
    int text = appendedRuleText(body);
    if (text < 0) {
      return false;
    }
    String chainName = body.substring(3, text - 1);
    if (chainName.length() > MAX_PARAMETER) {
      return false;
    }
    Rule rule = RuleCache.lookup(body.substring(text), environment);
    if (rule == null) {
      return false;
    }
    ChainDraft chain = requireChain(chains, chainName, lineNo);
    checkTable(table, chainName, rule, lineNo);
    append(chain, rule, lineNo);
    return true;
  }

  /**
   * Where the rule's words start in {@code -A CHAIN RULE} with a plain chain name (no quotes or
   * tabs, one blank either side), -1 for any other line.
   */
  private static int appendedRuleText(String body) {
    if (!body.startsWith("-A ")) {
      return -1;
    }
    int end = body.indexOf(' ', 3);
    if (end <= 3) {
      return -1;
    }
    for (int i = 3; i < end; i++) {
      char c = body.charAt(i);
      if (c == '"' || c == '\\' || c == '\t' || c == '\'') {
        return -1;
      }
    }
    return end + 1 < body.length() && body.charAt(end + 1) != ' ' ? end + 1 : -1;
  }

  private Rule parseRule(List<String> words, int lineNo) {
    try {
      return RuleParser.parse(words, environment);
    } catch (RuleSyntaxException e) {
      throw error(lineNo, String.valueOf(e.getMessage()));
    }
  }

  private static void append(ChainDraft chain, Rule rule, int lineNo) {
    chain.editRules().add(rule);
    chain.editLines().add(lineNo);
  }

  private static int indexOf(List<Rule> rules, Rule rule) {
    for (int i = 0; i < rules.size(); i++) {
      if (rules.get(i).text().equals(rule.text())) {
        return i;
      }
    }
    return -1;
  }

  private ChainDraft requireChain(TableDraft chains, String name, int lineNo) {
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
  private TableState commit(Table table, TableDraft chains, int tableLine) {
    TableDraft.Committed committed = chains.commit();
    ChainGraph before = committed.base().graph();
    ChainGraph checked =
        CommitCheck.check(
            table,
            before,
            before.derive(committed.deleted(), committed.changed()),
            committed.deleted(),
            committed.changed());
    if (checked == null) {
      explainRefusal(table, chains, tableLine);
      throw new IllegalStateException("commit check refused a table the explanation accepts");
    }
    return committed
        .base()
        .committed(checked, committed.deleted(), committed.changed(), committed.rewritten());
  }

  /**
   * Throws the error iptables-restore reports for a table the kernel refuses: the first loop, in
   * hook order, then the first rule (in chain order) that jumps to a missing chain or whose target
   * its chain's hooks do not allow. Run only once {@link CommitCheck} has refused the table, so it
   * may look at every rule.
   */
  private void explainRefusal(Table table, TableDraft chains, int tableLine) {
    Map<String, Set<Hook>> reachable = new HashMap<>();
    for (Hook hook : table.hooks()) {
      walk(chains, hook.name(), hook, reachable, new HashMap<>(), new ArrayList<>(), tableLine);
    }
    for (ChainDraft chain : chains.all()) {
      List<Rule> rules = chain.rules();
      for (int i = 0; i < rules.size(); i++) {
        Rule rule = rules.get(i);
        Target target = rule.target();
        int lineNo = chain.line(i) == 0 ? tableLine : chain.line(i);
        if (target != null
            && target.chainReference() != null
            && !chains.contains(target.chainReference())) {
          throw error(
              lineNo,
              "RULE_APPEND failed (No such file or directory): rule in chain "
                  + chain.name
                  + " (Chain '"
                  + target.chainReference()
                  + "' does not exist)");
        }
        Set<Hook> hooks = reachable.getOrDefault(chain.name, Set.of());
        Set<Hook> allowed = target == null ? Target.ANY_HOOK : target.allowedHooks();
        if (!hooks.isEmpty() && !allowed.containsAll(hooks)) {
          throw error(lineNo, "RULE_APPEND failed (Invalid argument): rule in chain " + chain.name);
        }
      }
    }
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
      TableDraft chains,
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
    List<Rule> rules = chain.rules();
    for (int i = 0; i < rules.size(); i++) {
      Target target = rules.get(i).target();
      String next = target == null ? null : target.chainReference();
      if (next != null && chains.contains(next) && path.size() >= JUMP_STACK_SIZE) {
        throw error(
            chain.line(i) == 0 ? tableLine : chain.line(i),
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
