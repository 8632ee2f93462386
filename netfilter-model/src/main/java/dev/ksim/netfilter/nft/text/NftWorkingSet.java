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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  NftWorkingSet(String file, NftRuleset current) {
    this.file = file;
    for (NftTable table : current.tables()) {
      WorkingTable working = new WorkingTable(table.family(), table.name(), table.comment());
      working.handle = table.handle();
      nextTableHandle = Math.max(nextTableHandle, table.handle() + 1);
      for (NftSet set : table.sets().values()) {
        WorkingSet ws = new WorkingSet(set);
        for (NftElement element : set.elements()) {
          ws.elements.put(NftElements.text(keyOnly(element)), element);
        }
        working.sets.put(set.name(), ws);
        working.nextHandle = Math.max(working.nextHandle, set.handle() + 1);
      }
      for (NftChain chain : table.chains().values()) {
        WorkingChain wc =
            new WorkingChain(chain.name(), chain.base(), chain.comment(), chain.handle());
        wc.rules.addAll(chain.rules());
        working.chains.put(chain.name(), wc);
        working.nextHandle = Math.max(working.nextHandle, chain.handle() + 1);
        for (NftRule rule : chain.rules()) {
          working.nextHandle = Math.max(working.nextHandle, rule.handle() + 1);
        }
      }
      tables.put(key(table.family(), table.name()), working);
    }
  }

  NftRuleset apply(List<NftCommand> commands) {
    for (NftCommand command : commands) {
      line = command.line();
      command.applyTo(this);
    }
    checkReferences();
    checkJumpDepth();
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
    if (command.op() == NftCommand.Op.FLUSH) {
      table.chains.values().forEach(chain -> chain.rules.clear());
      table.sets.values().forEach(set -> set.elements.clear());
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
      chain.rules.clear();
      return;
    }
    if (!chain.rules.isEmpty() || isReferenced(table, chain.name)) {
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
      table.nextHandle += NftReferences.of(statement).anonymousSets();
    }
    NftRule rule = new NftRule(table.nextHandle++, command.statements(), command.comment());
    chain.lines.put(rule.handle(), command.line());
    if (command.position() == 0) {
      if (command.where() == NftCommand.AddRule.Where.INSERT) {
        chain.rules.add(0, rule);
      } else if (command.where() == NftCommand.AddRule.Where.ADD) {
        chain.rules.add(rule);
      } else {
        throw error("syntax error, replace needs a handle");
      }
      return;
    }
    int index = indexOf(chain, command.position());
    switch (command.where()) {
      case ADD -> chain.rules.add(index + 1, rule);
      case INSERT -> chain.rules.add(index, rule);
      case REPLACE ->
          chain.rules.set(
              index, new NftRule(command.position(), command.statements(), command.comment()));
    }
  }

  void deleteRule(NftCommand.DeleteRule command) {
    WorkingTable table = table(command.family(), command.table());
    WorkingChain chain = table.chains.get(command.chain());
    if (chain == null) {
      throw error(NO_SUCH);
    }
    chain.rules.remove(indexOf(chain, command.handle()));
  }

  void addSet(NftCommand.AddSet command) {
    WorkingTable table = table(command.family(), command.table());
    SetSpec spec = command.spec();
    WorkingSet existing = table.sets.get(spec.name());
    if (existing != null) {
      if (command.create()) {
        throw error(EXISTS);
      }
      addElements(existing, spec.elements());
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
    addElements(working, spec.elements());
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
    if (command.op() == NftCommand.Op.FLUSH) {
      set.elements.clear();
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
      case ADD -> addElements(set, command.raw());
      case CREATE -> {
        for (NftElement element : parseElements(set.definition, command.raw())) {
          if (set.elements.containsKey(NftElements.text(keyOnly(element)))) {
            throw error(EXISTS);
          }
        }
        addElements(set, command.raw());
      }
      case DELETE, DESTROY -> {
        for (NftElement element : parseKeys(set.definition, command.raw())) {
          if (set.elements.remove(NftElements.text(keyOnly(element))) == null
              && command.op() == NftCommand.Op.DELETE) {
            throw error(NO_SUCH);
          }
        }
      }
      case FLUSH -> set.elements.clear();
    }
  }

  void flushRuleset() {
    tables.clear();
  }

  private void addElements(WorkingSet set, List<List<NftToken>> raw) {
    for (NftElement element : parseElements(set.definition, raw)) {
      set.elements.put(NftElements.text(keyOnly(element)), element);
    }
  }

  private List<NftElement> parseElements(NftSet definition, List<List<NftToken>> raw) {
    List<NftElement> parsed = new ArrayList<>();
    for (List<NftToken> tokens : raw) {
      parsed.add(new NftExpressionParser(file, tokens).element(definition));
    }
    return parsed;
  }

  /** Elements named for deletion: a map's by key alone or with its value. */
  private List<NftElement> parseKeys(NftSet definition, List<List<NftToken>> raw) {
    List<NftElement> parsed = new ArrayList<>();
    for (List<NftToken> tokens : raw) {
      parsed.add(new NftExpressionParser(file, tokens).elementKey(definition));
    }
    return parsed;
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

  /** Verdict-map elements may name chains; they must exist when the transaction ends. */
  private void checkReferences() {
    for (WorkingTable table : tables.values()) {
      for (WorkingSet set : table.sets.values()) {
        for (NftElement element : set.elements.values()) {
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
      Map<String, Integer> heights = new LinkedHashMap<>();
      for (WorkingChain chain : table.chains.values()) {
        if (chain.base != null && height(table, chain, heights, 0) > JUMP_STACK) {
          throw error(TOO_MANY_LINKS);
        }
      }
    }
  }

  /** How many chains deep jumps go below {@code chain}; -1 marks a chain being explored. */
  private int height(
      WorkingTable table, WorkingChain chain, Map<String, Integer> heights, int depth) {
    Integer known = heights.get(chain.name);
    if (known != null) {
      if (known < 0) {
        throw error(TOO_MANY_LINKS);
      }
      return known;
    }
    if (depth > JUMP_STACK) {
      throw error(TOO_MANY_LINKS);
    }
    heights.put(chain.name, -1);
    int height = 0;
    for (NftRule rule : chain.rules) {
      for (NftStatement statement : rule.statements()) {
        NftReferences refs = NftReferences.of(statement);
        List<String> targets = new ArrayList<>(refs.chains());
        for (String set : refs.sets()) {
          WorkingSet map = table.sets.get(set);
          if (map != null) {
            for (NftElement element : map.elements.values()) {
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
            height = Math.max(height, 1 + height(table, next, heights, depth + 1));
          }
        }
      }
    }
    heights.put(chain.name, height);
    return height;
  }

  private static boolean isReferenced(WorkingTable table, String name) {
    for (WorkingChain chain : table.chains.values()) {
      for (NftRule rule : chain.rules) {
        for (NftStatement statement : rule.statements()) {
          NftReferences refs = NftReferences.of(statement);
          if (refs.chains().contains(name) || refs.sets().contains(name)) {
            return true;
          }
        }
      }
    }
    for (WorkingSet set : table.sets.values()) {
      for (NftElement element : set.elements.values()) {
        NftVerdict verdict = element.verdict();
        if (verdict != null && name.equals(verdict.chain())) {
          return true;
        }
      }
    }
    return false;
  }

  private int indexOf(WorkingChain chain, long handle) {
    for (int i = 0; i < chain.rules.size(); i++) {
      if (chain.rules.get(i).handle() == handle) {
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
        chains.put(
            chain.name,
            new NftChain(chain.name, chain.base, chain.comment, chain.rules, chain.handle));
      }
      Map<String, NftSet> sets = new LinkedHashMap<>();
      for (WorkingSet set : table.sets.values()) {
        sets.put(
            set.definition.name(),
            set.definition.withElements(new ArrayList<>(set.elements.values())));
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
  }

  private static final class WorkingChain {
    final String name;
    final @Nullable BaseChain base;
    final @Nullable String comment;
    final long handle;
    final List<NftRule> rules = new ArrayList<>();
    final Map<Long, Integer> lines = new LinkedHashMap<>();

    WorkingChain(String name, @Nullable BaseChain base, @Nullable String comment, long handle) {
      this.name = name;
      this.base = base;
      this.comment = comment;
      this.handle = handle;
    }
  }

  private static final class WorkingSet {
    final NftSet definition;
    final Map<String, NftElement> elements = new LinkedHashMap<>();

    WorkingSet(NftSet definition) {
      this.definition = definition;
    }
  }
}
