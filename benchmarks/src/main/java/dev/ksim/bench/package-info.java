/**
 * JMH benchmarks and the scaling report: how ksim's cost grows with the size of the cluster. Timing
 * lives here and only here (never in unit tests): the machines are shared and noisy.
 */
@NullMarked
package dev.ksim.bench;

import org.jspecify.annotations.NullMarked;
