/**
 * A single host around one kernel, for pushing packets through a user's own saved ruleset ({@code
 * ksim netfilter}): its addresses on {@code eth0}, loopback, forwarding on, a default route out of
 * {@code eth0}; sockets are not modelled, so what the rules accept is delivered.
 */
@NullMarked
package dev.ksim.netfilter.host;

import org.jspecify.annotations.NullMarked;
