/**
 * Evaluating a table for one packet ({@link dev.ksim.netfilter.eval.ChainWalker}) and the record of
 * what happened ({@link dev.ksim.netfilter.eval.HookTraversal}, {@link
 * dev.ksim.netfilter.eval.ChainVisit}, {@link dev.ksim.netfilter.eval.RuleHit}): which rules
 * matched, in which chain, what they did. Evaluating and explaining are kept apart: the walker
 * records only when asked.
 *
 * @see <a
 *     href="https://github.com/torvalds/linux/blob/master/net/ipv4/netfilter/ip_tables.c">ip_tables.c
 *     ipt_do_table</a>
 */
@NullMarked
package dev.ksim.netfilter.eval;

import org.jspecify.annotations.NullMarked;
