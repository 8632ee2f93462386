/**
 * Tables, chains and rules: the raw, mangle, nat and filter tables with their built-in chains and
 * policies, user chains, and a whole ruleset as an immutable value that a restore replaces
 * atomically (as the kernel swaps a table).
 *
 * @see <a
 *     href="https://github.com/torvalds/linux/blob/master/include/uapi/linux/netfilter_ipv4.h">netfilter_ipv4.h
 *     hook priorities</a>
 */
@NullMarked
package dev.ksim.netfilter.table;

import org.jspecify.annotations.NullMarked;
