/**
 * The kernel's vocabulary that every part of the packet filter shares: the hooks, a hook's verdict,
 * what a registered hook function decided and recorded, the address translations done to a packet,
 * the cost counters, the random source and the DNAT candidates. A leaf: it depends on nothing of
 * netfilter, so the facade, the tables, matches, targets and nftables can all use it without a
 * cycle.
 */
@NullMarked
package dev.ksim.netfilter.hook;

import org.jspecify.annotations.NullMarked;
