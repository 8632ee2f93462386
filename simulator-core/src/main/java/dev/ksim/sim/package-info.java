/**
 * The simulation engine: a single-threaded discrete-event loop over a simulated clock and one
 * seeded random source. Every component of the simulated cluster (API store watches, controllers,
 * the scheduler, kubelets, kube-proxy) does its work inside events of this loop, so a run is a pure
 * function of its inputs and seed.
 */
@NullMarked
package dev.ksim.sim;

import org.jspecify.annotations.NullMarked;
