/**
 * The classroom: {@code ksim serve} and its page, Cisco Packet Tracer's simulation mode for
 * Kubernetes Service networking. A loopback HTTP server (the JDK's own) answers a small JSON API —
 * the cluster, a trace as a list of events with the packet's addresses before and after each, a
 * node's rules and conntrack table, a scenario's next step, a quiz answer graded — and serves the
 * page from the jar's resources ({@code dev/ksim/classroom/web}). The simulation moves only when
 * the page asks; one request is handled at a time.
 */
@NullMarked
package dev.ksim.classroom;

import org.jspecify.annotations.NullMarked;
