package dev.ksim.netfilter.nft.text;

import com.google.common.collect.ImmutableMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A table's chains (or sets) by name during one transaction, copy on write: a committed object is
 * wrapped for change only when a command names it, so a transaction costs what it touches, not the
 * size of the table. Iterated in creation order, as a {@link LinkedHashMap} of every object would
 * be: the committed ones in their order (those removed left out), then those added in this
 * transaction (one removed and added again goes last).
 *
 * @param <C> the committed object
 * @param <W> the object as the transaction changes it
 */
final class TransactionObjects<C, W> {
  private final Map<String, C> committed;
  private final Function<C, W> wrap;
  private final Map<String, W> touched = new HashMap<>();
  private final Set<String> removed = new HashSet<>();
  private final Map<String, W> added = new LinkedHashMap<>();

  /**
   * @param committed the committed objects, in creation order
   * @param wrap makes the working copy of a committed object
   */
  TransactionObjects(Map<String, C> committed, Function<C, W> wrap) {
    this.committed = committed;
    this.wrap = wrap;
  }

  /** The named object, wrapped for change, or null when there is none. */
  @Nullable W get(String name) {
    W working = added.get(name);
    if (working == null) {
      working = touched.get(name);
    }
    if (working != null || removed.contains(name)) {
      return working;
    }
    C object = committed.get(name);
    if (object == null) {
      return null;
    }
    working = wrap.apply(object);
    touched.put(name, working);
    return working;
  }

  /**
   * What {@code ofCommitted} or {@code ofWorking} says of the named object, without wrapping it;
   * null when there is none.
   */
  <R> @Nullable R view(String name, Function<C, R> ofCommitted, Function<W, R> ofWorking) {
    W working = added.get(name);
    if (working == null) {
      working = touched.get(name);
    }
    if (working != null) {
      return ofWorking.apply(working);
    }
    if (removed.contains(name)) {
      return null;
    }
    C object = committed.get(name);
    return object == null ? null : ofCommitted.apply(object);
  }

  boolean containsKey(String name) {
    return added.containsKey(name) || (!removed.contains(name) && committed.containsKey(name));
  }

  /**
   * Whether the named object was added by this transaction (a committed one removed and added again
   * included).
   */
  boolean isAdded(String name) {
    return added.containsKey(name);
  }

  /** Adds an object under a name no object has. */
  void add(String name, W object) {
    added.put(name, object);
  }

  void remove(String name) {
    if (added.remove(name) == null) {
      removed.add(name);
      touched.remove(name);
    }
  }

  /** Whether an object was added or removed (changes within an object are the object's own). */
  boolean addedOrRemoved() {
    return !added.isEmpty() || !removed.isEmpty();
  }

  /** The objects wrapped so far and the ones added, which alone may differ from the committed. */
  List<W> working() {
    List<W> working = new ArrayList<>(touched.values());
    working.addAll(added.values());
    return working;
  }

  /** Every object, each wrapped for change (for commands that change them all). */
  List<W> wrapAll() {
    List<W> all = new ArrayList<>();
    forEach(
        new Visitor<>() {
          @Override
          public void committed(String name, C object) {
            all.add(Objects.requireNonNull(get(name)));
          }

          @Override
          public void working(String name, W object) {
            all.add(object);
          }
        });
    return all;
  }

  /**
   * Every object by name, in creation order: a committed one as it is, a wrapped or added one
   * through {@code build}. Immutable already, so that the table keeps it without a copy.
   */
  ImmutableMap<String, C> built(Function<W, C> build) {
    ImmutableMap.Builder<String, C> built =
        ImmutableMap.builderWithExpectedSize(committed.size() + added.size());
    forEach(
        new Visitor<>() {
          @Override
          public void committed(String name, C object) {
            built.put(name, object);
          }

          @Override
          public void working(String name, W object) {
            built.put(name, build.apply(object));
          }
        });
    return built.buildOrThrow();
  }

  /** Visits every object in creation order, as committed when the transaction did not wrap it. */
  void forEach(Visitor<C, W> visitor) {
    for (Map.Entry<String, C> entry : committed.entrySet()) {
      String name = entry.getKey();
      W working = touched.get(name);
      if (working != null) {
        visitor.working(name, working);
      } else if (!removed.contains(name)) {
        visitor.committed(name, entry.getValue());
      }
    }
    added.forEach(visitor::working);
  }

  /** What {@link #forEach} visits: an object the transaction did not wrap, or one it did. */
  interface Visitor<C, W> {
    void committed(String name, C object);

    void working(String name, W object);
  }
}
