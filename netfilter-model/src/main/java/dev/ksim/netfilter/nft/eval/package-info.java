/**
 * How nf_tables evaluates a packet: a base chain's rules in order, each rule's statements until one
 * does not match; jumps push a return point, gotos do not; a verdict-map or {@code numgen} lookup
 * takes its element's verdict; a NAT statement accepts; the end of a base chain applies its policy.
 * Work is counted (rules, set and map lookups) and, on request, recorded as a tree of chain visits.
 *
 * @see <a href="https://github.com/torvalds/linux/blob/master/net/netfilter/nf_tables_core.c">
 *     net/netfilter/nf_tables_core.c nft_do_chain</a>
 */
@NullMarked
package dev.ksim.netfilter.nft.eval;

import org.jspecify.annotations.NullMarked;
