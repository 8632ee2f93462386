package dev.ksim.netfilter.text;

import dev.ksim.net.IpFamily;
import dev.ksim.netfilter.table.Table;
import dev.ksim.netfilter.table.TableState;
import java.lang.ref.WeakReference;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The tables the last restores committed, each with the table it started from and its input, shared
 * by every kernel in the process. kube-proxy writes the same input on every node (the same runs of
 * lines, most of them the very same {@link RestoreInput.Appends} instances) onto tables that hold
 * the same chain instances, so the second and later nodes take the table the first one committed,
 * whole, instead of building and checking their own: their commit costs a look at each chain and
 * each run, not a rebuild.
 *
 * <p>Taken only when the restore is certain to commit the same table: it starts from a table with
 * the very same chains, in the same order and with what the last check found of them ({@link
 * TableState#sameAs}); its input is the same, line for line; and every run of it was read without
 * error in this table and family and still holds in the kernel's environment (the ipsets and nfacct
 * objects its rules name exist), so each line parses to the rules it parsed to before. A table is
 * immutable and holds nothing of a kernel's own (counters are kept per kernel, by chain instance),
 * so one instance serves every kernel. Nothing here keeps a table or an input alive: a kernel or a
 * kube-proxy that holds it does.
 */
final class SharedCommits {
  /** How many commits of each table and family are remembered, the latest first. */
  private static final int REMEMBERED = 4;

  private static final Map<IpFamily, Map<Table, Deque<Commit>>> COMMITS =
      new EnumMap<>(IpFamily.class);

  private SharedCommits() {}

  /**
   * A table committed from {@code base} by {@code input}, held weakly.
   *
   * @param base the table the restore started from
   * @param input the table's part of the input
   * @param committed the table committed
   */
  private record Commit(
      WeakReference<TableState> base,
      WeakReference<RestoreInput.TableInput> input,
      WeakReference<TableState> committed) {}

  /**
   * The table a restore of {@code input} onto {@code base} commits in {@code environment}, when a
   * restore already committed it; null when the restore must be made. Never {@code current}, the
   * kernel's table as it is: a restore replaces it with a table of its own (whose chains written
   * anew start their counters at zero, see {@link TableState#committed}), even an equal one.
   */
  @SuppressWarnings("ReferenceEquality") // the kernel's very table, not an equal one
  static synchronized @Nullable TableState find(
      TableState base,
      TableState current,
      RestoreInput.TableInput input,
      RuleEnvironment environment) {
    Iterator<Commit> commits = commits(environment.family(), input.table()).iterator();
    while (commits.hasNext()) {
      Commit commit = commits.next();
      TableState before = commit.base().get();
      RestoreInput.TableInput lines = commit.input().get();
      TableState committed = commit.committed().get();
      if (before == null || lines == null || committed == null) {
        commits.remove();
      } else if (committed != current
          && before.sameAs(base)
          && sameLines(lines, input)
          && readBefore(lines, environment)) {
        return committed;
      }
    }
    return null;
  }

  /**
   * Remembers that {@code input} restored onto {@code base} committed {@code committed}. Only for
   * an input whose every run the restore read without error and remembered in the run (a run that
   * was not is read again by every restore, so no commit of it is taken whole).
   */
  static synchronized void remember(
      TableState base,
      RestoreInput.TableInput input,
      RuleEnvironment environment,
      TableState committed) {
    Deque<Commit> commits = commits(environment.family(), input.table());
    commits.addFirst(
        new Commit(
            new WeakReference<>(base), new WeakReference<>(input), new WeakReference<>(committed)));
    while (commits.size() > REMEMBERED) {
      commits.removeLast();
    }
  }

  private static Deque<Commit> commits(IpFamily family, Table table) {
    return COMMITS
        .computeIfAbsent(family, f -> new EnumMap<>(Table.class))
        .computeIfAbsent(table, t -> new ArrayDeque<>());
  }

  /** Whether every run of {@code input} was read in its table and holds in {@code environment}. */
  private static boolean readBefore(RestoreInput.TableInput input, RuleEnvironment environment) {
    for (RestoreInput.Appends run : input.rules()) {
      ParsedAppends parsed = run.parsed();
      if (parsed == null || !parsed.holdsIn(input.table(), environment)) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code a} and {@code b} are the same lines. */
  private static boolean sameLines(RestoreInput.TableInput a, RestoreInput.TableInput b) {
    return a.table() == b.table()
        && a.chains().equals(b.chains())
        && a.deletions().equals(b.deletions())
        && sameRuns(a.rules(), b.rules());
  }

  @SuppressWarnings("ReferenceEquality") // most runs are the very same instance: no line compared
  private static boolean sameRuns(List<RestoreInput.Appends> a, List<RestoreInput.Appends> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      RestoreInput.Appends x = a.get(i);
      RestoreInput.Appends y = b.get(i);
      if (x != y && !(x.chain().equals(y.chain()) && x.rules().equals(y.rules()))) {
        return false;
      }
    }
    return true;
  }
}
