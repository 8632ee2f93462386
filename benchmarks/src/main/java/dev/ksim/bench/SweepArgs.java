package dev.ksim.bench;

import com.google.common.collect.ImmutableList;
import java.util.Arrays;

/**
 * The command line the one-shot per-packet reports share: {@code [ROUNDS [N...]]}, rounds per
 * median (default 7) and the Service counts to sweep (default 100, 1,000, 10,000 and 50,000).
 */
record SweepArgs(int rounds, ImmutableList<Integer> services) {
  static SweepArgs of(String[] args) {
    return new SweepArgs(
        args.length > 0 ? Integer.parseInt(args[0]) : 7,
        args.length > 1
            ? Arrays.stream(args, 1, args.length)
                .map(Integer::valueOf)
                .collect(ImmutableList.toImmutableList())
            : ImmutableList.of(100, 1_000, 10_000, 50_000));
  }
}
