/**
 * A packet's trace as data: the trace's verdict and the facts the command-line contract reports
 * (endpoint, candidates, masquerading, backend), hops (one per network namespace visited) and the
 * steps inside each (received, conntrack, each hook with the rules that matched, NAT, routing,
 * delivery or drop). Terminal and JSON views are renderings of this one value. The steps wrap the
 * kernel models' own results (Batfish's trace model, adapted).
 */
@NullMarked
package dev.ksim.trace;

import org.jspecify.annotations.NullMarked;
