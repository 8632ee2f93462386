package dev.ksim.netfilter.nft.text;

import com.google.common.collect.ImmutableList;
import dev.ksim.netfilter.nft.BaseChain;
import dev.ksim.netfilter.nft.NftElement;
import dev.ksim.netfilter.nft.NftFamily;
import dev.ksim.netfilter.nft.NftSet;
import dev.ksim.netfilter.nft.NftStatement;
import dev.ksim.netfilter.nft.NftType;
import java.util.List;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * One command of an {@code nft -f} transaction, applied to the working copy of the ruleset in
 * order; the first that fails aborts the whole transaction.
 */
sealed interface NftCommand {
  /** The input line the command came from (for messages). */
  int line();

  void applyTo(NftWorkingSet working);

  /** {@code add|create table FAMILY NAME [{ comment "..." }]}. */
  record AddTable(NftFamily family, String name, @Nullable String comment, boolean create, int line)
      implements NftCommand {
    @Override
    public void applyTo(NftWorkingSet working) {
      working.addTable(this);
    }
  }

  /** {@code delete|destroy|flush table FAMILY NAME}. */
  record TableOp(Op op, NftFamily family, String name, int line) implements NftCommand {
    @Override
    public void applyTo(NftWorkingSet working) {
      working.tableOp(this);
    }
  }

  /**
   * {@code add|create chain FAMILY TABLE NAME [{ type ... hook ... priority ...; policy ...; }]}.
   */
  record AddChain(
      NftFamily family,
      String table,
      String name,
      @Nullable BaseChain base,
      @Nullable String comment,
      boolean create,
      int line)
      implements NftCommand {
    @Override
    public void applyTo(NftWorkingSet working) {
      working.addChain(this);
    }
  }

  /** {@code delete|destroy|flush chain FAMILY TABLE NAME}. */
  record ChainOp(Op op, NftFamily family, String table, String name, int line)
      implements NftCommand {
    @Override
    public void applyTo(NftWorkingSet working) {
      working.chainOp(this);
    }
  }

  /**
   * {@code add|insert rule FAMILY TABLE CHAIN [position|index N] STATEMENTS}, or {@code replace
   * rule ... handle N ...}.
   *
   * @param where ADD (append, or after {@code position}), INSERT (prepend, or before), REPLACE
   * @param position the handle written after {@code position}/{@code handle}, or 0
   */
  record AddRule(
      Where where,
      NftFamily family,
      String table,
      String chain,
      long position,
      List<NftStatement> statements,
      @Nullable String comment,
      int line,
      List<NftReferences> references)
      implements NftCommand {
    /** Where a rule goes. */
    enum Where {
      ADD,
      INSERT,
      REPLACE
    }

    /**
     * @param references what each statement names, worked out once for every transaction that
     *     applies the command again
     */
    public AddRule {
      statements = ImmutableList.copyOf(statements);
      references = ImmutableList.copyOf(references);
    }

    AddRule(
        Where where,
        NftFamily family,
        String table,
        String chain,
        long position,
        List<NftStatement> statements,
        @Nullable String comment,
        int line) {
      this(
          where,
          family,
          table,
          chain,
          position,
          statements,
          comment,
          line,
          statements.stream().map(NftReferences::of).toList());
    }

    @Override
    public void applyTo(NftWorkingSet working) {
      working.addRule(this);
    }
  }

  /** {@code delete rule FAMILY TABLE CHAIN handle N}. */
  record DeleteRule(NftFamily family, String table, String chain, long handle, int line)
      implements NftCommand {
    @Override
    public void applyTo(NftWorkingSet working) {
      working.deleteRule(this);
    }
  }

  /** {@code add|create set|map FAMILY TABLE NAME { ... }}. */
  record AddSet(NftFamily family, String table, SetSpec spec, boolean create, int line)
      implements NftCommand {
    @Override
    public void applyTo(NftWorkingSet working) {
      working.addSet(this);
    }
  }

  /** {@code delete|destroy|flush set|map FAMILY TABLE NAME}. */
  record SetOp(Op op, NftFamily family, String table, String name, int line) implements NftCommand {
    @Override
    public void applyTo(NftWorkingSet working) {
      working.setOp(this);
    }
  }

  /**
   * {@code add|create|delete element FAMILY TABLE SET { ... }}: the elements are parsed when
   * applied, against the set's types. The last parse is kept, for a command applied again in a
   * later transaction (see {@link NftScriptCache}) to a set of the same types.
   */
  final class Elements implements NftCommand {
    private final Op op;
    private final NftFamily family;
    private final String table;
    private final String set;
    private final List<List<NftToken>> raw;
    private final int line;

    /** The last parse, one value so that threads sharing the command see a whole one. */
    private volatile @Nullable ParsedElements last;

    Elements(
        Op op, NftFamily family, String table, String set, List<List<NftToken>> raw, int line) {
      this.op = op;
      this.family = family;
      this.table = table;
      this.set = set;
      this.raw = ImmutableList.copyOf(raw);
      this.line = line;
    }

    Op op() {
      return op;
    }

    NftFamily family() {
      return family;
    }

    String table() {
      return table;
    }

    String set() {
      return set;
    }

    @Override
    public int line() {
      return line;
    }

    /**
     * The elements as {@code parser} reads {@link #raw} for {@code definition}, parsed again only
     * when the set's types differ from the last parse's.
     */
    List<NftElement> parsed(
        NftSet definition, BiFunction<NftSet, List<List<NftToken>>, List<NftElement>> parser) {
      ElementShape shape = ElementShape.of(definition);
      ParsedElements seen = last;
      if (seen == null || !seen.shape().equals(shape)) {
        seen = new ParsedElements(shape, List.copyOf(parser.apply(definition, raw)));
        last = seen;
      }
      return seen.elements();
    }

    @Override
    public void applyTo(NftWorkingSet working) {
      working.elements(this);
    }
  }

  /** Elements as parsed for a set of {@code shape}. */
  record ParsedElements(ElementShape shape, List<NftElement> elements) {}

  /**
   * What an element's parse depends on in its set: the key and data types and whether elements may
   * carry a timeout.
   */
  record ElementShape(List<NftType> keyType, @Nullable NftType dataType, boolean timeout) {
    static ElementShape of(NftSet set) {
      return new ElementShape(set.keyType(), set.dataType(), set.hasFlag("timeout"));
    }
  }

  /** {@code flush ruleset}. */
  record FlushRuleset(int line) implements NftCommand {
    @Override
    public void applyTo(NftWorkingSet working) {
      working.flushRuleset();
    }
  }

  /** What a delete-like command does. */
  enum Op {
    ADD,
    CREATE,
    DELETE,
    DESTROY,
    FLUSH
  }
}
