package dev.ksim.netfilter.eval;

import com.google.common.collect.ImmutableList;
import dev.ksim.netfilter.hook.FunctionRun;
import dev.ksim.netfilter.hook.HookVerdict;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a packet's passage through one hook decided, without the tables' and chains' passages (see
 * {@link dev.ksim.netfilter.Netfilter#pass}): for a packet whose trace nobody reads.
 *
 * @param verdict ACCEPT unless a table, chain or function dropped or rejected
 * @param functions the registered functions that ran and recorded what they did or took the packet,
 *     in the order they ran (the others leave nothing an untraced passage reads)
 */
public record HookPassage(HookVerdict verdict, List<FunctionRun> functions) {
  public HookPassage {
    functions = ImmutableList.copyOf(functions);
  }

  /** The function that took the packet and sent it on itself (NF_STOLEN), or null. */
  public @Nullable FunctionRun stolenBy() {
    return FunctionRun.stolen(functions);
  }
}
