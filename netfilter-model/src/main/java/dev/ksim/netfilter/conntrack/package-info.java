/**
 * Connection tracking: entries with their original and reply tuples, protocol state, status bits
 * and NAT binding, timeouts in simulated time with the kernel's defaults, and the {@code conntrack
 * -L} text.
 *
 * @see <a
 *     href="https://github.com/torvalds/linux/blob/master/net/netfilter/nf_conntrack_core.c">nf_conntrack_core.c</a>
 */
@NullMarked
package dev.ksim.netfilter.conntrack;

import org.jspecify.annotations.NullMarked;
