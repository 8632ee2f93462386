package dev.ksim.netfilter.nft.text;

import dev.ksim.input.SourceLocation;
import dev.ksim.netfilter.nft.BaseChain;
import dev.ksim.netfilter.nft.NftChain;
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
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
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

  /** NFT_JUMP_STACK_SIZE: how deep jumps may nest below a base chain. */
  private static final int JUMP_STACK = 16;

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

  NftWorkingSet(String file, NftRuleset current) {
    this.file = file;
    for (NftTable table : current.tables()) {
      WorkingTable working = new WorkingTable(table.family(), table.name(), table.comment());
      working.handle = table.handle();
      nextTableHandle = Math.max(nextTableHandle, table.handle() + 1);
      for (NftSet set : table.sets().values()) {
        working.sets.put(set.name(), new WorkingSet(set));
        working.nextHandle = Math.max(working.nextHandle, set.handle() + 1);
      }
      for (NftChain chain : table.chains().values()) {
        working.chains.put(chain.name(), new WorkingChain(chain));
        working.nextHandle = Math.max(working.nextHandle, chain.handle() + 1);
        for (NftRule rule : chain.rules()) {
          working.nextHandle = Math.max(working.nextHandle, rule.handle() + 1);
        }
      }
      tables.put(key(table.family(), table.name()), working);
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
    if (validate) {
      checkJumpDepth();
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
    WorkingTable table = new WorkingTable(command.family(), command.name(), command.comment());
    table.handle = nextTableHandle++;
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
      table.chains.values().forEach(WorkingChain::clear);
      table.sets.values().forEach(set -> set.editableElements().clear());
    } else {
      tables.remove(key);
    }
  }

  void addChain(NftCommand.AddChain command) {
    WorkingTable table = table(command.family(), command.table());
    WorkingChain existing = table.chains.get(command.name());
    if (existing != null) {
      if (command.create()) {
        throw error(EXISTS);
      }
      return;
    }
    table.chains.put(
        command.name(),
        new WorkingChain(command.name(), command.base(), command.comment(), table.nextHandle++));
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
      chain.clear();
      return;
    }
    if (!chain.rules().isEmpty() || isReferenced(table, chain.name)) {
      throw error(BUSY);
    }
    table.chains.remove(command.name());
  }

  void addRule(NftCommand.AddRule command) {
    WorkingTable table = table(command.family(), command.table());
    WorkingChain chain = table.chains.get(command.chain());
    if (chain == null) {
      throw error(NO_SUCH);
    }
    checkStatements(table, chain, command.statements());
    for (NftStatement statement : command.statements()) {
      NftReferences refs = NftReferences.of(statement);
      table.nextHandle += refs.anonymousSets();
      validate |= !refs.chains().isEmpty() || refs.sets().stream().anyMatch(table::isVerdictMap);
    }
    referenced = null;
    NftRule rule = new NftRule(table.nextHandle++, command.statements(), command.comment());
    chain.lines.put(rule.handle(), line);
    List<NftRule> rules = chain.editableRules();
    if (command.position() == 0) {
      if (command.where() == NftCommand.AddRule.Where.INSERT) {
        rules.add(0, rule);
      } else if (command.where() == NftCommand.AddRule.Where.ADD) {
        rules.add(rule);
      } else {
        throw error("syntax error, replace needs a handle");
      }
      return;
    }
    int index = indexOf(chain, command.position());
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
            table.nextHandle++);
    WorkingSet working = new WorkingSet(set);
    table.sets.put(spec.name(), working);
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
      WorkingTable table, WorkingChain chain, List<NftStatement> statements) {
    for (NftStatement statement : statements) {
      NftReferences refs = NftReferences.of(statement);
      for (String name : refs.chains()) {
        WorkingChain target = table.chains.get(name);
        if (target == null) {
          throw error(NO_SUCH);
        }
        if (target.base != null) {
          throw error(NOT_SUPPORTED);
        }
      }
      for (String name : refs.sets()) {
        if (!table.sets.containsKey(name)) {
          throw error(NO_SUCH);
        }
      }
      for (String name : refs.updatedSets()) {
        WorkingSet set = table.sets.get(name);
        if (set == null || !set.definition.hasFlag("dynamic")) {
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
      for (WorkingSet set : table.sets.values()) {
        if (!set.changed()) {
          continue;
        }
        for (NftElement element : set.elements().values()) {
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
   * checked, as in the kernel.
   */
  private void checkJumpDepth() {
    for (WorkingTable table : tables.values()) {
      table.chains.values().forEach(chain -> chain.height = WorkingChain.UNVISITED);
      for (WorkingChain chain : table.chains.values()) {
        if (chain.base != null && height(table, chain, 0) > JUMP_STACK) {
          throw error(TOO_MANY_LINKS);
        }
      }
    }
  }

  /** How many chains deep jumps go below {@code chain}, remembered in the chain. */
  private int height(WorkingTable table, WorkingChain chain, int depth) {
    if (chain.height == WorkingChain.EXPLORING) {
      throw error(TOO_MANY_LINKS);
    }
    if (chain.height != WorkingChain.UNVISITED) {
      return chain.height;
    }
    if (depth > JUMP_STACK) {
      throw error(TOO_MANY_LINKS);
    }
    chain.height = WorkingChain.EXPLORING;
    int height = 0;
    for (NftRule rule : chain.rules()) {
      for (NftStatement statement : rule.statements()) {
        NftReferences refs = NftReferences.of(statement);
        List<String> targets = new ArrayList<>(refs.chains());
        for (String set : refs.sets()) {
          WorkingSet map = table.sets.get(set);
          if (map != null && map.definition.isVerdictMap()) {
            for (NftElement element : map.values()) {
              NftVerdict verdict = element.verdict();
              if (verdict != null && verdict.chain() != null) {
                targets.add(verdict.chain());
              }
            }
          }
        }
        for (String target : targets) {
          WorkingChain next = table.chains.get(target);
          if (next != null) {
            Integer ruleLine = chain.lines.get(rule.handle());
            if (ruleLine != null) {
              line = ruleLine;
            }
            height = Math.max(height, 1 + height(table, next, depth + 1));
          }
        }
      }
    }
    chain.height = height;
    return height;
  }

  /**
   * Whether a rule or a verdict-map element of {@code table} names {@code name}. The names are
   * gathered once and kept until a rule or element changes, so that deleting many chains in one
   * transaction walks the table once.
   */
  private boolean isReferenced(WorkingTable table, String name) {
    Set<String> names = referenced;
    if (names == null) {
      names = new HashSet<>();
      for (WorkingTable each : tables.values()) {
        gatherReferences(each, names);
      }
      referenced = names;
    }
    return names.contains(table.key() + " " + name);
  }

  private static void gatherReferences(WorkingTable table, Set<String> names) {
    String prefix = table.key() + " ";
    for (WorkingChain chain : table.chains.values()) {
      for (NftRule rule : chain.rules()) {
        for (NftStatement statement : rule.statements()) {
          NftReferences refs = NftReferences.of(statement);
          refs.chains().forEach(c -> names.add(prefix + c));
          refs.sets().forEach(s -> names.add(prefix + s));
        }
      }
    }
    for (WorkingSet set : table.sets.values()) {
      if (set.definition.isVerdictMap()) {
        for (NftElement element : set.values()) {
          NftVerdict verdict = element.verdict();
          if (verdict != null && verdict.chain() != null) {
            names.add(prefix + verdict.chain());
          }
        }
      }
    }
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
      Map<String, NftChain> chains = new LinkedHashMap<>();
      for (WorkingChain chain : table.chains.values()) {
        chains.put(chain.name, chain.build());
      }
      Map<String, NftSet> sets = new LinkedHashMap<>();
      for (WorkingSet set : table.sets.values()) {
        sets.put(set.definition.name(), set.build());
      }
      built.add(new NftTable(table.family, table.name, table.comment, chains, sets, table.handle));
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

  private static final class WorkingTable {
    final NftFamily family;
    final String name;
    @Nullable String comment;
    long handle;
    long nextHandle = 1;
    final Map<String, WorkingChain> chains = new LinkedHashMap<>();
    final Map<String, WorkingSet> sets = new LinkedHashMap<>();

    WorkingTable(NftFamily family, String name, @Nullable String comment) {
      this.family = family;
      this.name = name;
      this.comment = comment;
    }

    String key() {
      return NftWorkingSet.key(family, name);
    }

    boolean isVerdictMap(String set) {
      WorkingSet named = sets.get(set);
      return named != null && named.definition.isVerdictMap();
    }
  }

  /**
   * A chain during the transaction: the committed chain's rules until a command changes them, then
   * a copy of its own (so that a transaction costs what it changes, not the size of the table).
   */
  private static final class WorkingChain {
    static final int UNVISITED = -2;
    static final int EXPLORING = -1;

    final String name;
    final @Nullable BaseChain base;
    final @Nullable String comment;
    final long handle;
    final Map<Long, Integer> lines = new HashMap<>();
    private final @Nullable NftChain committed;
    private @Nullable List<NftRule> rules;

    /** How many chains deep jumps go below this one, while {@link #checkJumpDepth} runs. */
    int height = UNVISITED;

    WorkingChain(String name, @Nullable BaseChain base, @Nullable String comment, long handle) {
      this.name = name;
      this.base = base;
      this.comment = comment;
      this.handle = handle;
      this.committed = null;
      this.rules = new ArrayList<>();
    }

    WorkingChain(NftChain committed) {
      this.name = committed.name();
      this.base = committed.base();
      this.comment = committed.comment();
      this.handle = committed.handle();
      this.committed = committed;
    }

    List<NftRule> rules() {
      List<NftRule> own = rules;
      return own != null ? own : Objects.requireNonNull(committed).rules();
    }

    List<NftRule> editableRules() {
      List<NftRule> own = rules;
      if (own == null) {
        own = new ArrayList<>(rules());
        rules = own;
      }
      return own;
    }

    void clear() {
      rules = new ArrayList<>();
    }

    NftChain build() {
      List<NftRule> own = rules;
      if (own == null && committed != null) {
        return committed;
      }
      return new NftChain(name, base, comment, rules(), handle);
    }
  }

  /**
   * A set during the transaction: the committed set until a command changes its elements, then its
   * elements by key (the key as nft prints it).
   */
  private static final class WorkingSet {
    final NftSet definition;
    private @Nullable Map<String, NftElement> elements;
    private boolean changed;

    WorkingSet(NftSet definition) {
      this.definition = definition;
    }

    boolean changed() {
      return changed;
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
      return changed ? definition.withElements(new ArrayList<>(values())) : definition;
    }
  }
}
