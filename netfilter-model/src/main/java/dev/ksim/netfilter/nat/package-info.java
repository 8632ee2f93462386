/**
 * Network address translation: turning a NAT target's request into the connection's new reply
 * tuple, with the kernel's port choice (keep the port when the tuple is free, else search the
 * range; {@code --random-fully} always draws).
 *
 * @see <a
 *     href="https://github.com/torvalds/linux/blob/master/net/netfilter/nf_nat_core.c">nf_nat_core.c</a>
 */
@NullMarked
package dev.ksim.netfilter.nat;

import org.jspecify.annotations.NullMarked;
