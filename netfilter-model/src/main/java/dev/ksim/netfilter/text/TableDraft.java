package dev.ksim.netfilter.text;

import com.google.common.collect.Maps;
import dev.ksim.netfilter.hook.Hook;
import dev.ksim.netfilter.hook.HookVerdict;
import dev.ksim.netfilter.table.Chain;
import dev.ksim.netfilter.table.Table;
import dev.ksim.netfilter.table.TableState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The chains of one table while a restore changes it: the table as it was (its chains carried over
 * by {@code --noflush}, or only its built-in chains), the chains a command touched, the chains
 * created and the chains deleted. A chain no command touches costs nothing: a restore that rewrites
 * a few chains of a table of 100,000 costs what it rewrites, and the committed table is derived
 * from the old one rather than built again.
 */
final class TableDraft {
  private final Table table;
  private final TableState base;

  /** The chains of {@link #base} a command looked at, drafted on first use. */
  private final Map<String, ChainDraft> touched;

  /** The chains of {@link #base} deleted. */
  private final Set<String> deleted = new HashSet<>();

  /** The chains created, in the order created (a deleted chain created again is one of them). */
  private final Map<String, ChainDraft> created;

  /**
   * The chains of {@code table} as the restore starts from them.
   *
   * @param base the table the restore starts from: the table as it is ({@code --noflush}), or one
   *     of only its built-in chains
   */
  TableDraft(Table table, TableState base) {
    this(table, base, 0);
  }

  /**
   * The chains of {@code table} as a restore that declares {@code declared} chains starts from
   * them: the maps of the chains it touches and creates are sized for them at once (a node's first
   * restore creates 110,000 chains, a full sync touches as many, and growing a map to that doubles
   * it fourteen times).
   */
  TableDraft(Table table, TableState base, int declared) {
    this.table = table;
    this.base = base;
    int carriedOver = Math.min(declared, base.chains().size());
    this.touched = Maps.newHashMapWithExpectedSize(carriedOver);
    this.created = Maps.newLinkedHashMapWithExpectedSize(declared - carriedOver);
  }

  /** The chain named {@code name}, or null when the table has none. */
  @Nullable ChainDraft get(String name) {
    ChainDraft chain = touched.get(name);
    if (chain != null) {
      return chain;
    }
    chain = created.get(name);
    if (chain != null || deleted.contains(name)) {
      return chain;
    }
    Chain existing = base.chains().get(name);
    return existing == null
        ? null
        : touched.computeIfAbsent(name, n -> ChainDraft.carriedOver(existing));
  }

  boolean contains(String name) {
    return created.containsKey(name)
        || (!deleted.contains(name) && base.chains().containsKey(name));
  }

  /** Creates an empty user chain; the caller has checked that none has the name. */
  void create(String name) {
    created.put(name, new ChainDraft(name, HookVerdict.ACCEPT));
  }

  /** Deletes a user chain; false when there is none of that name. */
  boolean delete(String name) {
    if (created.remove(name) != null) {
      return true;
    }
    if (deleted.contains(name) || !base.chains().containsKey(name)) {
      return false;
    }
    deleted.add(name);
    touched.remove(name);
    return true;
  }

  /** Deletes every user chain ({@code -X} without a name). */
  void deleteUserChains() {
    created.clear();
    for (Chain chain : base.chains().values()) {
      if (!chain.isBuiltin()) {
        deleted.add(chain.name());
        touched.remove(chain.name());
      }
    }
  }

  /** Every chain, in the order the table had them, then the created ones. */
  List<ChainDraft> all() {
    List<ChainDraft> all = new ArrayList<>();
    for (String name : base.chains().keySet()) {
      if (!deleted.contains(name)) {
        all.add(Objects.requireNonNull(get(name)));
      }
    }
    all.addAll(created.values());
    return all;
  }

  /**
   * What the restore changed in the table it started from: the chains it deleted, the chains it put
   * in or replaced, and the chains it wrote anew. Only the chains a command touched are looked at:
   * the committed table is derived from the old one ({@link TableState#committed}).
   */
  Committed commit() {
    List<Chain> changed = new ArrayList<>();
    List<Chain> rewritten = new ArrayList<>();
    for (Hook hook : table.hooks()) {
      build(hook.name(), true, changed, rewritten);
    }
    for (String name : touched.keySet()) {
      if (!table.hasBuiltinChain(name)) {
        build(name, false, changed, rewritten);
      }
    }
    for (Map.Entry<String, ChainDraft> entry : created.entrySet()) {
      String name = entry.getKey();
      // a chain was created only when the table had none of its name, or it was deleted first
      Chain old = deleted.contains(name) ? base.chains().get(name) : null;
      place(name, entry.getValue().build(false), entry.getValue(), old, changed, rewritten);
    }
    return new Committed(base, List.copyOf(deleted), changed, rewritten);
  }

  /**
   * Builds the chain {@code name} as committed, adding it to {@code changed} when it is not the old
   * instance in the old slot (a chain deleted and created again is changed even when it is the old
   * instance) and to {@code rewritten} when the restore wrote it anew (flushed or created: it may
   * be the old instance, when it is equal to it).
   */
  private void build(String name, boolean builtin, List<Chain> changed, List<Chain> rewritten) {
    ChainDraft draft = created.get(name);
    Chain old;
    if (draft == null) {
      draft = touched.get(name);
      old = draft != null ? draft.before() : base.chains().get(name);
    } else {
      old = base.chains().get(name);
    }
    if (draft == null && old != null) {
      return;
    }
    Chain chain =
        draft != null ? draft.build(builtin) : Chain.shared(name, HookVerdict.ACCEPT, List.of());
    place(name, chain, draft, old, changed, rewritten);
  }

  /** Adds {@code chain}, committed from {@code draft}, to {@code changed} and {@code rewritten}. */
  @SuppressWarnings("ReferenceEquality")
  private void place(
      String name,
      Chain chain,
      @Nullable ChainDraft draft,
      @Nullable Chain old,
      List<Chain> changed,
      List<Chain> rewritten) {
    if (chain != old || deleted.contains(name)) {
      changed.add(chain);
    }
    if (draft != null && draft.rewritten()) {
      rewritten.add(chain);
    }
  }

  /**
   * How a committed table differs from the one the restore started from.
   *
   * @param base the table the restore started from
   * @param deleted the chains of {@code base} deleted (some may have been created again)
   * @param changed the committed chains that are not {@code base}'s instances
   * @param rewritten the committed chains written anew (their counters start at zero)
   */
  record Committed(
      TableState base, List<String> deleted, List<Chain> changed, List<Chain> rewritten) {}
}
