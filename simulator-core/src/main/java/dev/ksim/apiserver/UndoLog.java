package dev.ksim.apiserver;

import static com.google.common.base.Preconditions.checkState;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The undo actions of the writes made inside one transaction. Rolling back runs them newest first,
 * so a multi-object apply that fails on its last object leaves the store (and every allocator) as
 * it was before: nothing is half applied. Outside a transaction nothing can be rolled back, so
 * nothing is recorded: a write's undo action is dropped at once instead of being kept for the
 * store's lifetime.
 */
public final class UndoLog {
  private final Deque<Runnable> actions = new ArrayDeque<>();
  private boolean recording;

  /** Records how to undo a change just made, when inside a transaction. */
  public void add(Runnable undo) {
    if (recording) {
      actions.push(undo);
    }
  }

  /** Starts recording a transaction's undo actions. */
  void begin() {
    checkState(!recording, "transactions do not nest");
    recording = true;
  }

  /** Undoes everything recorded since {@link #begin}, newest first, and stops recording. */
  void rollback() {
    recording = false;
    while (!actions.isEmpty()) {
      actions.pop().run();
    }
  }

  /** Forgets what was recorded since {@link #begin} (the transaction succeeded) and stops. */
  void commit() {
    recording = false;
    actions.clear();
  }

  /** How many undo actions are held. */
  int size() {
    return actions.size();
  }
}
