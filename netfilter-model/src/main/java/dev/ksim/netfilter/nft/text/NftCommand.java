package dev.ksim.netfilter.nft.text;

import com.google.common.collect.ImmutableList;
import dev.ksim.netfilter.nft.BaseChain;
import dev.ksim.netfilter.nft.NftFamily;
import dev.ksim.netfilter.nft.NftStatement;
import java.util.List;
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
      int line)
      implements NftCommand {
    /** Where a rule goes. */
    enum Where {
      ADD,
      INSERT,
      REPLACE
    }

    public AddRule {
      statements = ImmutableList.copyOf(statements);
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
   * applied, against the set's types.
   */
  record Elements(
      Op op, NftFamily family, String table, String set, List<List<NftToken>> raw, int line)
      implements NftCommand {
    public Elements {
      raw = ImmutableList.copyOf(raw);
    }

    @Override
    public void applyTo(NftWorkingSet working) {
      working.elements(this);
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
