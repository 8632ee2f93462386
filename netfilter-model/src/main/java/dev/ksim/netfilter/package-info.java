/**
 * One kernel's packet filter: the five hooks, the tables registered on them in priority order,
 * connection tracking and NAT, as net/netfilter and net/ipv4/netfilter implement them. {@link
 * dev.ksim.netfilter.Netfilter} is the facade a host (or a simulated node) pushes packets through.
 *
 * <pre>
 *  in ─▶ PREROUTING ─▶ routing ─┬─▶ INPUT ─▶ local socket
 *        raw, conntrack,        │
 *        mangle, nat(DNAT)      └─▶ FORWARD ─┐
 *                                            ├─▶ POSTROUTING ─▶ out
 *  local process ─▶ OUTPUT ─▶ routing ───────┘   mangle, nat(SNAT),
 *                   raw, conntrack, mangle,       conntrack confirm
 *                   nat(DNAT), filter
 * </pre>
 *
 * @see <a href="https://github.com/torvalds/linux/tree/master/net/netfilter">net/netfilter</a>
 */
@NullMarked
package dev.ksim.netfilter;

import org.jspecify.annotations.NullMarked;
