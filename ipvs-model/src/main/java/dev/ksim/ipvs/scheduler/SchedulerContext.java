package dev.ksim.ipvs.scheduler;

import dev.ksim.netfilter.hook.RandomSource;
import java.util.function.LongSupplier;

/**
 * What schedulers need from their kernel: the seeded random source ({@code get_random_u32}, for
 * twos) and the simulated clock in milliseconds (lblc and lblcr expire their cache entries).
 *
 * @param random the random source
 * @param clock the simulated time, in milliseconds
 */
public record SchedulerContext(RandomSource random, LongSupplier clock) {}
