package dev.ksim.netfilter.hook;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One registered {@link dev.ksim.netfilter.HookFunction}'s run on a packet at a hook.
 *
 * @param hook the hook
 * @param name the function's name
 * @param priority its priority at the hook
 * @param result what it decided
 */
public record FunctionRun(Hook hook, String name, int priority, HookResult result) {
  /** The first of {@code runs} that took the packet and sent it on itself (NF_STOLEN), or null. */
  public static @Nullable FunctionRun stolen(List<FunctionRun> runs) {
    for (int i = 0; i < runs.size(); i++) {
      FunctionRun run = runs.get(i);
      if (run.result().sent()) {
        return run;
      }
    }
    return null;
  }
}
