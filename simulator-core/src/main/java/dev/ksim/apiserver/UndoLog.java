package dev.ksim.apiserver;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The undo actions of the writes made inside one apply. Rolling back runs them newest first, so a
 * multi-object apply that fails on its last object leaves the store (and every allocator) as it was
 * before: nothing is half applied.
 */
public final class UndoLog {
  private final Deque<Runnable> actions = new ArrayDeque<>();

  /** Records how to undo a change just made. */
  public void add(Runnable undo) {
    actions.push(undo);
  }

  void rollback() {
    while (!actions.isEmpty()) {
      actions.pop().run();
    }
  }

  void clear() {
    actions.clear();
  }
}
