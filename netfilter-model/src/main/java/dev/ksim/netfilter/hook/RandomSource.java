package dev.ksim.netfilter.hook;

/**
 * Where the kernel's random numbers come from ({@code get_random_u32}): the statistic match, random
 * NAT ports. The simulator passes its seeded source so that runs repeat.
 */
@FunctionalInterface
public interface RandomSource {
  /** A uniformly distributed 32-bit value. */
  int nextInt();
}
