package dev.ksim.netfilter.nft.text;

import dev.ksim.input.SourceLocation;
import dev.ksim.netfilter.nft.BaseChain;
import dev.ksim.netfilter.nft.NftChain;
import dev.ksim.netfilter.nft.NftChainReferences;
import dev.ksim.netfilter.nft.NftElement;
import dev.ksim.netfilter.nft.NftElements;
import dev.ksim.netfilter.nft.NftFamily;
import dev.ksim.netfilter.nft.NftRule;
import dev.ksim.netfilter.nft.NftRuleset;
import dev.ksim.netfilter.nft.NftSet;
import dev.ksim.netfilter.nft.NftStatement;
import dev.ksim.netfilter.nft.NftTable;
import dev.ksim.netfilter.nft.NftVerdict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The working copy of a ruleset during one {@code nft -f} transaction. Commands change it in order;
 * a command the kernel would refuse throws with the kernel's error, and the caller keeps the old
 * ruleset (nothing is half applied).
 */
final class NftWorkingSet {
  private static final String NO_SUCH = "Could not process rule: No such file or directory";
  private static final String EXISTS = "Could not process rule: File exists";
  private static final String BUSY = "Could not process rule: Device or resource busy";
  private static final String NOT_SUPPORTED = "Could not process rule: Operation not supported";
  private static final String TOO_MANY_LINKS = "Could not process rule: Too many links";

  private static final int JUMP_STACK = JumpLevels.JUMP_STACK;

  /** A chain's height while the walk is below it (a jump back to it is a loop). */
  private static final int EXPLORING = -1;

  private final String file;
  private final Map<String, WorkingTable> tables = new LinkedHashMap<>();
  private long nextTableHandle = 1;
  private int line;

  /**
   * What to add to a command's line to get its line in this transaction (not 0 for commands parsed
   * for an earlier one, see {@link NftScriptCache}).
   */
  private int lineShift;

  /**
   * Whether the transaction added a jump, goto or verdict-map element, after which the kernel
   * validates the chain graph again (deletions cannot create a loop or deepen it).
   */
  private boolean validate;

  /** The chains and sets that rules or verdict-map elements name, until the next change. */
  private @Nullable Set<String> referenced;

  /** The table {@link #referenced} holds the names of. */
  private @Nullable WorkingTable referencedIn;

  NftWorkingSet(String file, NftRuleset current) {
    this.file = file;
    for (NftTable table : current.tables()) {
      nextTableHandle = Math.max(nextTableHandle, table.handle() + 1);
      tables.put(key(table.family(), table.name()), new WorkingTable(table));
    }
  }

  NftRuleset apply(List<NftCommand> commands) {
    run(commands, 0);
    return commit();
  }

  /** Applies {@code commands}, whose lines are {@code lineShift} before their lines here. */
  void run(List<NftCommand> commands, int lineShift) {
    this.lineShift = lineShift;
    for (NftCommand command : commands) {
      line = command.line() + lineShift;
      command.applyTo(this);
    }
  }

  /** What the kernel checks when the transaction ends, then the ruleset it commits. */
  NftRuleset commit() {
    checkReferences();
    for (WorkingTable table : tables.values()) {
      JumpLevels.label(table);
      if (validate && !table.baseChainsLevelled()) {
        checkJumpDepth(table);
      }
    }
    return build();
  }

  void addTable(NftCommand.AddTable command) {
    WorkingTable existing = tables.get(key(command.family(), command.name()));
    if (existing != null) {
      if (command.create()) {
        throw error(EXISTS);
      }
      if (command.comment() != null) {
        existing.comment = command.comment();
      }
      return;
    }
    WorkingTable table =
        new WorkingTable(command.family(), command.name(), command.comment(), nextTableHandle++);
    tables.put(key(command.family(), command.name()), table);
  }

  void tableOp(NftCommand.TableOp command) {
    String key = key(command.family(), command.name());
    WorkingTable table = tables.get(key);
    if (table == null) {
      if (command.op() == NftCommand.Op.DESTROY) {
        return;
      }
      throw error(NO_SUCH);
    }
    referenced = null;
    if (command.op() == NftCommand.Op.FLUSH) {
      table.lastHandleKnown = false;
      table.chains.wrapAll().forEach(WorkingChain::clear);
      table.sets.wrapAll().forEach(set -> set.editableElements().clear());
    } else {
      tables.remove(key);
    }
  }

  void addChain(NftCommand.AddChain command) {
    WorkingTable table = table(command.family(), command.table());
    if (table.chains.containsKey(command.name())) {
      if (command.create()) {
        throw error(EXISTS);
      }
      return;
    }
    table.chains.add(
        command.name(),
        new WorkingChain(command.name(), command.base(), command.comment(), table.newHandle()));
  }

  void chainOp(NftCommand.ChainOp command) {
    WorkingTable table = table(command.family(), command.table());
    WorkingChain chain = table.chains.get(command.name());
    if (chain == null) {
      if (command.op() == NftCommand.Op.DESTROY) {
        return;
      }
      throw error(NO_SUCH);
    }
    if (command.op() == NftCommand.Op.FLUSH) {
      referenced = null;
      chain.rules().forEach(rule -> table.removed(rule.handle()));
      chain.clear();
      return;
    }
    if (!chain.rules().isEmpty() || isReferenced(table, chain.name)) {
      throw error(BUSY);
    }
    table.removed(chain.handle);
    table.chains.remove(command.name());
  }

  void addRule(NftCommand.AddRule command) {
    WorkingTable table = table(command.family(), command.table());
    WorkingChain chain = table.chains.get(command.chain());
    if (chain == null) {
      throw error(NO_SUCH);
    }
    checkStatements(table, chain, command.references());
    for (NftReferences refs : command.references()) {
      table.nextHandle += refs.anonymousSets();
      validate |= !refs.chains().isEmpty() || refs.sets().stream().anyMatch(table::isVerdictMap);
    }
    referenced = null;
    NftRule rule = new NftRule(table.newHandle(), command.statements(), command.comment());
    table.ruleLine(rule.handle(), line);
    if (command.position() == 0) {
      if (command.where() == NftCommand.AddRule.Where.INSERT) {
        chain.editableRules().add(0, rule);
      } else if (command.where() == NftCommand.AddRule.Where.ADD) {
        chain.append(rule, command.references());
      } else {
        throw error("syntax error, replace needs a handle");
      }
      return;
    }
    int index = indexOf(chain, command.position());
    List<NftRule> rules = chain.editableRules();
    switch (command.where()) {
      case ADD -> rules.add(index + 1, rule);
      case INSERT -> rules.add(index, rule);
      case REPLACE ->
          rules.set(
              index, new NftRule(command.position(), command.statements(), command.comment()));
    }
  }

  void deleteRule(NftCommand.DeleteRule command) {
    WorkingTable table = table(command.family(), command.table());
    WorkingChain chain = table.chains.get(command.chain());
    if (chain == null) {
      throw error(NO_SUCH);
    }
    int index = indexOf(chain, command.handle());
    referenced = null;
    table.removed(command.handle());
    chain.editableRules().remove(index);
  }

  void addSet(NftCommand.AddSet command) {
    WorkingTable table = table(command.family(), command.table());
    SetSpec spec = command.spec();
    WorkingSet existing = table.sets.get(spec.name());
    if (existing != null) {
      if (command.create()) {
        throw error(EXISTS);
      }
      addElements(existing, parseElements(existing.definition, spec.elements()));
      return;
    }
    NftSet set =
        new NftSet(
            spec.name(),
            spec.keyType(),
            spec.dataType(),
            spec.flags(),
            spec.timeoutMillis(),
            spec.size() == 0 && spec.flags().contains("dynamic") ? 65535 : spec.size(),
            spec.comment(),
            List.of(),
            table.newHandle());
    WorkingSet working = new WorkingSet(set, true);
    table.sets.add(spec.name(), working);
    addElements(working, parseElements(set, spec.elements()));
  }

  void setOp(NftCommand.SetOp command) {
    WorkingTable table = table(command.family(), command.table());
    WorkingSet set = table.sets.get(command.name());
    if (set == null) {
      if (command.op() == NftCommand.Op.DESTROY) {
        return;
      }
      throw error(NO_SUCH);
    }
    referenced = null;
    if (command.op() == NftCommand.Op.FLUSH) {
      set.editableElements().clear();
      return;
    }
    if (isReferenced(table, set.definition.name())) {
      throw error(BUSY);
    }
    table.removed(set.definition.handle());
    table.sets.remove(command.name());
  }

  void elements(NftCommand.Elements command) {
    WorkingTable table = table(command.family(), command.table());
    WorkingSet set = table.sets.get(command.set());
    if (set == null) {
      throw error(NO_SUCH);
    }
    switch (command.op()) {
      case ADD -> addElements(set, command.parsed(set.definition, this::parseElements));
      case CREATE -> {
        List<NftElement> parsed = command.parsed(set.definition, this::parseElements);
        for (NftElement element : parsed) {
          if (set.elements().containsKey(NftElements.text(keyOnly(element)))) {
            throw error(EXISTS);
          }
        }
        addElements(set, parsed);
      }
      case DELETE, DESTROY -> {
        referenced = null;
        for (NftElement element : command.parsed(set.definition, this::parseKeys)) {
          if (set.editableElements().remove(NftElements.text(keyOnly(element))) == null
              && command.op() == NftCommand.Op.DELETE) {
            throw error(NO_SUCH);
          }
        }
      }
      case FLUSH -> {
        referenced = null;
        set.editableElements().clear();
      }
    }
  }

  void flushRuleset() {
    tables.clear();
  }

  private void addElements(WorkingSet set, List<NftElement> parsed) {
    if (parsed.isEmpty()) {
      return;
    }
    referenced = null;
    validate |= set.definition.isVerdictMap();
    Map<String, NftElement> elements = set.editableElements();
    for (NftElement element : parsed) {
      elements.put(NftElements.text(keyOnly(element)), element);
    }
  }

  private List<NftElement> parseElements(NftSet definition, List<List<NftToken>> raw) {
    List<NftElement> parsed = new ArrayList<>();
    for (List<NftToken> tokens : raw) {
      parsed.add(expressions(tokens).element(definition));
    }
    return parsed;
  }

  /** Elements named for deletion: a map's by key alone or with its value. */
  private List<NftElement> parseKeys(NftSet definition, List<List<NftToken>> raw) {
    List<NftElement> parsed = new ArrayList<>();
    for (List<NftToken> tokens : raw) {
      parsed.add(expressions(tokens).elementKey(definition));
    }
    return parsed;
  }

  /**
   * A parser of {@code tokens}, on this transaction's lines: the tokens of a command parsed for an
   * earlier transaction are all on its one line, now {@link #lineShift} further.
   */
  private NftExpressionParser expressions(List<NftToken> tokens) {
    if (lineShift == 0) {
      return new NftExpressionParser(file, tokens);
    }
    return new NftExpressionParser(
        file, tokens.stream().map(t -> new NftToken(t.kind(), t.text(), line)).toList());
  }

  /** What the kernel checks when a rule is added: the chains and sets it names exist. */
  private void checkStatements(
      WorkingTable table, WorkingChain chain, List<NftReferences> statements) {
    for (NftReferences refs : statements) {
      for (String name : refs.chains()) {
        if (!table.chains.containsKey(name)) {
          throw error(NO_SUCH);
        }
        if (table.isBase(name)) {
          throw error(NOT_SUPPORTED);
        }
      }
      for (String name : refs.sets()) {
        if (!table.sets.containsKey(name)) {
          throw error(NO_SUCH);
        }
      }
      for (String name : refs.updatedSets()) {
        NftSet set = table.set(name);
        if (set == null || !set.hasFlag("dynamic")) {
          throw error(NOT_SUPPORTED);
        }
      }
      if (refs.nat() && !natAllowed(chain)) {
        throw error(NOT_SUPPORTED);
      }
    }
  }

  private static boolean natAllowed(WorkingChain chain) {
    BaseChain base = chain.base;
    if (base == null) {
      return true;
    }
    return base.type() == BaseChain.Type.NAT;
  }

  /**
   * Verdict-map elements may name chains; they must exist when the transaction ends. Only the sets
   * this transaction changed need a look: a chain an unchanged element names cannot have been
   * deleted (deleting a referenced chain fails).
   */
  private void checkReferences() {
    for (WorkingTable table : tables.values()) {
      for (WorkingSet set : table.sets.working()) {
        if (!set.changed) {
          continue;
        }
        for (NftElement element : set.values()) {
          NftVerdict verdict = element.verdict();
          if (verdict != null
              && verdict.chain() != null
              && !table.chains.containsKey(verdict.chain())) {
            throw error(NO_SUCH);
          }
        }
      }
    }
  }

  /**
   * What nft_chain_validate checks: from every base chain, jumps and gotos (through verdict maps
   * too) neither loop nor nest deeper than the jump stack. Chains no base chain reaches are not
   * checked, as in the kernel. Whether the graph passes does not depend on the order it is walked
   * in, so a walk over each chain's targets (kept with the committed chain) decides; only a graph
   * that fails is walked again rule by rule, for the line the error names. Needed only when the
   * {@link JumpLevels} leave a base chain without a level (a table whose base chains all have one
   * passes).
   */
  private void checkJumpDepth(WorkingTable table) {
    Map<String, Integer> heights = new HashMap<>();
    for (String base : table.baseChains()) {
      int height = new JumpGraph(table, heights).height(base, 0);
      if (height < 0 || height > JUMP_STACK) {
        explainJumpDepth(table);
      }
    }
  }

  /** Walks {@code table}'s chains rule by rule as the kernel does and throws its error. */
  private void explainJumpDepth(WorkingTable table) {
    Map<String, Integer> heights = new HashMap<>();
    for (String chain : table.baseChains()) {
      if (height(table, chain, 0, heights) > JUMP_STACK) {
        throw error(TOO_MANY_LINKS);
      }
    }
    throw new IllegalStateException(
        "the jump graph of " + table.key() + " passes when walked again");
  }

  /** How many chains deep jumps go below {@code chain}, remembered in {@code heights}. */
  private int height(WorkingTable table, String chain, int depth, Map<String, Integer> heights) {
    Integer known = heights.get(chain);
    if (known != null && known == EXPLORING) {
      throw error(TOO_MANY_LINKS);
    }
    if (known != null) {
      return known;
    }
    if (depth > JUMP_STACK) {
      throw error(TOO_MANY_LINKS);
    }
    heights.put(chain, EXPLORING);
    int height = 0;
    for (NftRule rule : table.rules(chain)) {
      for (NftStatement statement : rule.statements()) {
        NftReferences refs = NftReferences.of(statement);
        List<String> targets = new ArrayList<>(refs.chains());
        for (String set : refs.sets()) {
          table.verdictChains(set, targets);
        }
        for (String target : targets) {
          if (table.chains.containsKey(target)) {
            int ruleLine = table.ruleLine(rule.handle());
            if (ruleLine > 0) {
              line = ruleLine;
            }
            height = Math.max(height, 1 + height(table, target, depth + 1, heights));
          }
        }
      }
    }
    heights.put(chain, height);
    return height;
  }

  /** The walk that decides whether a table's jumps pass: a height, or {@link #EXPLORING} if not. */
  private record JumpGraph(WorkingTable table, Map<String, Integer> heights) {
    int height(String chain, int depth) {
      Integer known = heights.get(chain);
      if (known != null) {
        return known;
      }
      if (depth > JUMP_STACK) {
        return EXPLORING;
      }
      heights.put(chain, EXPLORING);
      NftChainReferences refs = table.references(chain);
      List<String> targets = new ArrayList<>(refs.chains());
      for (String set : refs.sets()) {
        table.verdictChains(set, targets);
      }
      int height = 0;
      for (String target : targets) {
        if (table.chains.containsKey(target)) {
          int below = height(target, depth + 1);
          if (below < 0) {
            return EXPLORING;
          }
          height = Math.max(height, 1 + below);
        }
      }
      heights.put(chain, height);
      return height;
    }
  }

  /**
   * Whether a rule or a verdict-map element of {@code table} names {@code name} (rules and elements
   * name only objects of their own table). The names are gathered once and kept until a rule or
   * element changes, so that deleting many chains in one transaction walks the table once.
   */
  private boolean isReferenced(WorkingTable table, String name) {
    Set<String> names = referenced;
    if (names == null || referencedIn != table) {
      names = gatherReferences(table);
      referenced = names;
      referencedIn = table;
    }
    return names.contains(name);
  }

  private static Set<String> gatherReferences(WorkingTable table) {
    Set<String> names = new HashSet<>();
    List<String> chains = new ArrayList<>();
    table.chains.forEach(
        new TransactionObjects.Visitor<>() {
          @Override
          public void committed(String name, NftChain chain) {
            chain.references().addTo(names);
          }

          @Override
          public void working(String name, WorkingChain chain) {
            chain.references().addTo(names);
          }
        });
    table.sets.forEach(
        new TransactionObjects.Visitor<>() {
          @Override
          public void committed(String name, NftSet set) {
            verdictChains(set, set.elements(), chains);
          }

          @Override
          public void working(String name, WorkingSet set) {
            verdictChains(set.definition, set.values(), chains);
          }
        });
    names.addAll(chains);
    return names;
  }

  /** Adds the chains a verdict map's elements name to {@code chains} (nothing for other sets). */
  private static void verdictChains(
      NftSet definition, Collection<NftElement> elements, List<String> chains) {
    if (!definition.isVerdictMap()) {
      return;
    }
    for (NftElement element : elements) {
      NftVerdict verdict = element.verdict();
      if (verdict != null && verdict.chain() != null) {
        chains.add(verdict.chain());
      }
    }
  }

  /** What {@code rules} name, each name once. */
  private static NftChainReferences references(List<NftRule> rules) {
    AppendedReferences gathered = new AppendedReferences();
    for (NftRule rule : rules) {
      for (NftStatement statement : rule.statements()) {
        gathered.add(NftReferences.of(statement));
      }
    }
    return gathered.references();
  }

  private int indexOf(WorkingChain chain, long handle) {
    List<NftRule> rules = chain.rules();
    for (int i = 0; i < rules.size(); i++) {
      if (rules.get(i).handle() == handle) {
        return i;
      }
    }
    throw error(NO_SUCH);
  }

  private WorkingTable table(NftFamily family, String name) {
    WorkingTable table = tables.get(key(family, name));
    if (table == null) {
      throw error(NO_SUCH);
    }
    return table;
  }

  private NftRuleset build() {
    List<NftTable> built = new ArrayList<>();
    for (WorkingTable table : tables.values()) {
      built.add(table.build());
    }
    return new NftRuleset(built);
  }

  private NftParseException error(String message) {
    return new NftParseException(new SourceLocation(file, line, null), message);
  }

  private static String key(NftFamily family, String name) {
    return family.token() + " " + name;
  }

  private static NftElement keyOnly(NftElement element) {
    return new NftElement(element.key(), null, null, null, 0);
  }

  /**
   * A table during the transaction: its chains and sets copy on write, and the handle the next
   * object gets (one past the highest handle of a chain, set or rule when the transaction began).
   */
  private static final class WorkingTable implements JumpLevels.Graph {
    final NftFamily family;
    final String name;
    @Nullable String comment;
    final long handle;
    long nextHandle;

    /** The first handle this transaction gives: {@link #ruleLines} is indexed from it. */
    private final long firstNewHandle;

    /**
     * The lines of the rules this transaction added, by handle less {@link #firstNewHandle} (0 for
     * a handle no rule of this transaction has): handles are given in order, so an array serves
     * where a map of boxed handles cost a node, a Long and an Integer per rule.
     */
    private int[] ruleLines = new int[64];

    private final @Nullable NftTable committed;
    final TransactionObjects<NftChain, WorkingChain> chains;
    final TransactionObjects<NftSet, WorkingSet> sets;

    /** The highest handle of a chain, set or rule in the table, while {@link #lastHandleKnown}. */
    long lastHandle;

    /** False once the object holding {@link #lastHandle} is removed: build looks again. */
    boolean lastHandleKnown = true;

    WorkingTable(NftFamily family, String name, @Nullable String comment, long handle) {
      this.family = family;
      this.name = name;
      this.comment = comment;
      this.handle = handle;
      this.nextHandle = 1;
      this.firstNewHandle = nextHandle;
      this.committed = null;
      this.chains = new TransactionObjects<>(Map.of(), WorkingChain::new);
      this.sets = new TransactionObjects<>(Map.of(), WorkingSet::new);
    }

    WorkingTable(NftTable committed) {
      this.family = committed.family();
      this.name = committed.name();
      this.comment = committed.comment();
      this.handle = committed.handle();
      this.lastHandle = committed.lastHandle();
      this.nextHandle = Math.max(1, lastHandle + 1);
      this.firstNewHandle = nextHandle;
      this.committed = committed;
      this.chains = new TransactionObjects<>(committed.chains(), WorkingChain::new);
      this.sets = new TransactionObjects<>(committed.sets(), WorkingSet::new);
    }

    String key() {
      return NftWorkingSet.key(family, name);
    }

    /** The handle of a new chain, set or rule. */
    long newHandle() {
      lastHandle = nextHandle++;
      lastHandleKnown = true;
      return lastHandle;
    }

    /** A chain, set or rule with {@code objectHandle} goes. */
    void removed(long objectHandle) {
      if (objectHandle == lastHandle) {
        lastHandleKnown = false;
      }
    }

    @Override
    public boolean isVerdictMap(String set) {
      NftSet named = set(set);
      return named != null && named.isVerdictMap();
    }

    /** The named set's definition (its elements may be the committed ones), or null. */
    @Nullable NftSet set(String set) {
      return sets.view(set, committedSet -> committedSet, working -> working.definition);
    }

    /** Whether the named chain is a base chain. */
    boolean isBase(String chain) {
      Boolean base = chains.view(chain, NftChain::isBase, working -> working.base != null);
      return base != null && base;
    }

    List<NftRule> rules(String chain) {
      List<NftRule> rules = chains.view(chain, NftChain::rules, WorkingChain::rules);
      return rules == null ? List.of() : rules;
    }

    /**
     * Records that the rule with {@code ruleHandle}, added by this transaction, is on {@code line}.
     */
    void ruleLine(long ruleHandle, int line) {
      int index = Math.toIntExact(ruleHandle - firstNewHandle);
      if (index >= ruleLines.length) {
        ruleLines = Arrays.copyOf(ruleLines, Math.max(index + 1, 2 * ruleLines.length));
      }
      ruleLines[index] = line;
    }

    /** The line of the rule with {@code ruleHandle} when this transaction added it, else 0. */
    int ruleLine(long ruleHandle) {
      long index = ruleHandle - firstNewHandle;
      return index >= 0 && index < ruleLines.length ? ruleLines[(int) index] : 0;
    }

    /** What the named chain's rules name now. */
    NftChainReferences references(String chain) {
      NftChainReferences refs = chains.view(chain, NftChain::references, WorkingChain::references);
      return refs == null ? NftChainReferences.NONE : refs;
    }

    /** Adds the chains the elements of {@code set} name, when it is a verdict map. */
    void verdictChains(String set, List<String> chains) {
      sets.view(
          set,
          committedSet -> {
            NftWorkingSet.verdictChains(committedSet, committedSet.elements(), chains);
            return committedSet;
          },
          working -> {
            NftWorkingSet.verdictChains(working.definition, working.values(), chains);
            return working.definition;
          });
    }

    /** Whether every base chain has a known jump level (then the table passes the jump check). */
    boolean baseChainsLevelled() {
      boolean[] levelled = {true};
      chains.forEach(
          new TransactionObjects.Visitor<>() {
            @Override
            public void committed(String chainName, NftChain chain) {
              levelled[0] &= chain.base() == null || chain.jumpLevel() != NftChain.UNKNOWN_LEVEL;
            }

            @Override
            public void working(String chainName, WorkingChain chain) {
              levelled[0] &= chain.base == null || chain.jumpLevel != NftChain.UNKNOWN_LEVEL;
            }
          });
      return levelled[0];
    }

    @Override
    public List<String> changedChains() {
      List<String> changed = new ArrayList<>();
      for (WorkingChain chain : chains.working()) {
        if (relabel(chain)) {
          changed.add(chain.name);
        }
      }
      return changed;
    }

    /**
     * Whether the labelling must work out {@code chain}'s level again: the transaction created it,
     * or changed its rules so that they name other objects than the committed rules did, or an
     * object this transaction created (whose level bounds nothing yet). A chain flushed and
     * refilled with rules that name the same committed objects (as a full sync rewrites every
     * chain) keeps its level: what it names is labelled on its own when changed, and breaks the
     * labelling when it needs a higher level, exactly as for a chain the transaction did not touch.
     */
    private boolean relabel(WorkingChain chain) {
      NftChain unchanged = chain.committed;
      if (!chain.changed() || unchanged == null) {
        return chain.changed();
      }
      NftChainReferences refs = chain.references();
      if (unchanged.jumpLevel() == NftChain.UNKNOWN_LEVEL || !refs.equals(unchanged.references())) {
        return true;
      }
      return refs.chains().stream().anyMatch(chains::isAdded)
          || refs.sets().stream().anyMatch(sets::isAdded);
    }

    @Override
    public List<String> changedMaps() {
      List<String> changed = new ArrayList<>();
      for (WorkingSet set : sets.working()) {
        if ((set.changed || set.created) && set.definition.isVerdictMap()) {
          changed.add(set.definition.name());
        }
      }
      return changed;
    }

    @Override
    public List<String> chainNames() {
      List<String> names = new ArrayList<>();
      chains.forEach(
          new TransactionObjects.Visitor<>() {
            @Override
            public void committed(String chainName, NftChain chain) {
              names.add(chainName);
            }

            @Override
            public void working(String chainName, WorkingChain chain) {
              names.add(chainName);
            }
          });
      return names;
    }

    @Override
    public List<String> mapNames() {
      List<String> names = new ArrayList<>();
      sets.forEach(
          new TransactionObjects.Visitor<>() {
            @Override
            public void committed(String setName, NftSet set) {
              if (set.isVerdictMap()) {
                names.add(setName);
              }
            }

            @Override
            public void working(String setName, WorkingSet set) {
              if (set.definition.isVerdictMap()) {
                names.add(setName);
              }
            }
          });
      return names;
    }

    @Override
    public JumpLevels.@Nullable ChainView chain(String chain) {
      return chains.view(
          chain,
          committedChain ->
              new JumpLevels.ChainView(
                  false, committedChain.jumpLevel(), committedChain.references()),
          working ->
              new JumpLevels.ChainView(
                  relabel(working), working.committedLevel(), working.references()));
    }

    @Override
    public boolean mapChanged(String map) {
      Boolean changed = sets.view(map, committedSet -> false, set -> set.changed || set.created);
      return changed != null && changed;
    }

    @Override
    public int committedMapLevel(String map) {
      Integer level = sets.view(map, NftSet::jumpLevel, WorkingSet::committedLevel);
      return level == null ? NftChain.UNKNOWN_LEVEL : level;
    }

    @Override
    public List<String> verdictTargets(String map) {
      List<String> targets = new ArrayList<>();
      verdictChains(map, targets);
      return targets;
    }

    /** Sets a chain's level, wrapping a committed chain only when its level changes. */
    @Override
    public void chainLevel(String chain, int level) {
      Boolean wrap =
          chains.view(
              chain,
              committedChain -> committedChain.jumpLevel() != level,
              working -> {
                working.jumpLevel = level;
                return false;
              });
      if (Boolean.TRUE.equals(wrap)) {
        Objects.requireNonNull(chains.get(chain)).jumpLevel = level;
      }
    }

    /** Sets a map's level, wrapping a committed map only when its level changes. */
    @Override
    public void mapLevel(String map, int level) {
      Boolean wrapped = sets.view(map, committedSet -> false, working -> true);
      if (Boolean.TRUE.equals(wrapped) || committedMapLevel(map) != level) {
        Objects.requireNonNull(sets.get(map)).jumpLevel = level;
      }
    }

    /** The base chains' names, in creation order. */
    List<String> baseChains() {
      List<String> bases = new ArrayList<>();
      chains.forEach(
          new TransactionObjects.Visitor<>() {
            @Override
            public void committed(String chainName, NftChain chain) {
              if (chain.base() != null) {
                bases.add(chainName);
              }
            }

            @Override
            public void working(String chainName, WorkingChain chain) {
              if (chain.base != null) {
                bases.add(chainName);
              }
            }
          });
      return bases;
    }

    NftTable build() {
      NftTable unchanged = committed;
      if (unchanged != null
          && Objects.equals(comment, unchanged.comment())
          && !chains.addedOrRemoved()
          && !sets.addedOrRemoved()
          && chains.working().stream().allMatch(WorkingChain::asCommitted)
          && sets.working().stream().allMatch(WorkingSet::asCommitted)) {
        return unchanged;
      }
      Map<String, NftChain> builtChains = chains.built(WorkingChain::build);
      Map<String, NftSet> builtSets = sets.built(WorkingSet::build);
      if (!lastHandleKnown) {
        lastHandle = 0;
        builtSets.values().forEach(set -> lastHandle = Math.max(lastHandle, set.handle()));
        for (NftChain chain : builtChains.values()) {
          lastHandle = Math.max(lastHandle, chain.handle());
          chain.rules().forEach(rule -> lastHandle = Math.max(lastHandle, rule.handle()));
        }
      }
      return new NftTable(family, name, comment, builtChains, builtSets, handle, lastHandle);
    }
  }

  /**
   * A chain during the transaction: the committed chain's rules until a command changes them, then
   * a copy of its own (so that a transaction costs what it changes, not the size of the table).
   */
  private static final class WorkingChain {
    final String name;
    final @Nullable BaseChain base;
    final @Nullable String comment;
    final long handle;
    private final @Nullable NftChain committed;
    private @Nullable List<NftRule> rules;
    private @Nullable NftChainReferences references;

    /**
     * What the rules name, gathered as they were appended to the emptied chain; null once a rule
     * went elsewhere or went away (then {@link #references()} reads every rule again).
     */
    private @Nullable AppendedReferences appended;

    int jumpLevel;

    WorkingChain(String name, @Nullable BaseChain base, @Nullable String comment, long handle) {
      this.name = name;
      this.base = base;
      this.comment = comment;
      this.handle = handle;
      this.committed = null;
      this.rules = new ArrayList<>();
      this.appended = new AppendedReferences();
      this.jumpLevel = NftChain.UNKNOWN_LEVEL;
    }

    WorkingChain(NftChain committed) {
      this.name = committed.name();
      this.base = committed.base();
      this.comment = committed.comment();
      this.handle = committed.handle();
      this.committed = committed;
      this.jumpLevel = committed.jumpLevel();
    }

    /** The jump level of the committed chain, unknown for a chain this transaction created. */
    int committedLevel() {
      NftChain unchanged = committed;
      return unchanged == null ? NftChain.UNKNOWN_LEVEL : unchanged.jumpLevel();
    }

    /** Whether the chain builds to the committed one. */
    boolean asCommitted() {
      NftChain unchanged = committed;
      return rules == null && unchanged != null && jumpLevel == unchanged.jumpLevel();
    }

    List<NftRule> rules() {
      List<NftRule> own = rules;
      return own != null ? own : Objects.requireNonNull(committed).rules();
    }

    /** Adds {@code rule}, whose statements name {@code named}, at the end. */
    void append(NftRule rule, List<NftReferences> named) {
      AppendedReferences gathered = appended;
      List<NftRule> own = rules;
      if (gathered == null || own == null) {
        editableRules().add(rule);
        return;
      }
      references = null;
      own.add(rule);
      named.forEach(gathered::add);
    }

    List<NftRule> editableRules() {
      references = null;
      appended = null;
      List<NftRule> own = rules;
      if (own == null) {
        own = new ArrayList<>(rules());
        rules = own;
      }
      return own;
    }

    void clear() {
      references = null;
      appended = new AppendedReferences();
      rules = new ArrayList<>();
    }

    boolean changed() {
      return rules != null;
    }

    NftChainReferences references() {
      NftChainReferences refs = references;
      if (refs == null) {
        NftChain unchanged = committed;
        AppendedReferences gathered = appended;
        if (rules == null && unchanged != null) {
          refs = unchanged.references();
        } else if (gathered != null) {
          refs = gathered.references();
        } else {
          refs = NftWorkingSet.references(rules());
        }
        references = refs;
      }
      return refs;
    }

    NftChain build() {
      NftChain unchanged = committed;
      if (unchanged != null && asCommitted()) {
        return unchanged;
      }
      return new NftChain(name, base, comment, rules(), handle, references(), jumpLevel);
    }
  }

  /** The names rules appended to a chain name, each once, in the order the rules name them. */
  private static final class AppendedReferences {
    private final Set<String> chains = new LinkedHashSet<>();
    private final Set<String> sets = new LinkedHashSet<>();

    void add(NftReferences named) {
      chains.addAll(named.chains());
      sets.addAll(named.sets());
    }

    NftChainReferences references() {
      if (chains.isEmpty() && sets.isEmpty()) {
        return NftChainReferences.NONE;
      }
      return new NftChainReferences(List.copyOf(chains), List.copyOf(sets));
    }
  }

  /**
   * A set during the transaction: the committed set until a command changes its elements, then its
   * elements by key (the key as nft prints it).
   */
  private static final class WorkingSet {
    final NftSet definition;
    private @Nullable Map<String, NftElement> elements;
    boolean changed;

    /** Whether this transaction created the set. */
    final boolean created;

    int jumpLevel;

    WorkingSet(NftSet definition) {
      this(definition, false);
    }

    WorkingSet(NftSet definition, boolean created) {
      this.definition = definition;
      this.created = created;
      this.jumpLevel = definition.jumpLevel();
    }

    int committedLevel() {
      return created ? NftChain.UNKNOWN_LEVEL : definition.jumpLevel();
    }

    /** Whether the set builds to the committed one. */
    boolean asCommitted() {
      return !changed && !created && jumpLevel == definition.jumpLevel();
    }

    /** The elements, in the order they were added. */
    Collection<NftElement> values() {
      Map<String, NftElement> indexed = elements;
      return indexed != null ? indexed.values() : definition.elements();
    }

    Map<String, NftElement> elements() {
      Map<String, NftElement> indexed = elements;
      if (indexed == null) {
        indexed = new LinkedHashMap<>();
        for (NftElement element : definition.elements()) {
          indexed.put(NftElements.text(keyOnly(element)), element);
        }
        elements = indexed;
      }
      return indexed;
    }

    Map<String, NftElement> editableElements() {
      changed = true;
      return elements();
    }

    NftSet build() {
      NftSet built = changed ? definition.withElements(new ArrayList<>(values())) : definition;
      return built.withJumpLevel(jumpLevel);
    }
  }
}
