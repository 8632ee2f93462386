/**
 * The schedulers the kernel ships ({@code ip_vs_rr.c} ... {@code ip_vs_mh.c}), each with the
 * kernel's exact selection and tie-breaking: destinations are walked in list order (a new real
 * server is added at the head), overloaded servers and servers of weight 0 are skipped, and ties go
 * to the first in list order unless the kernel says otherwise. Each scheduler instance belongs to
 * one virtual service and keeps that service's state (cursor, hash tables, caches).
 *
 * @see <a
 *     href="https://github.com/torvalds/linux/tree/master/net/netfilter/ipvs">net/netfilter/ipvs</a>
 */
@NullMarked
package dev.ksim.ipvs.scheduler;

import org.jspecify.annotations.NullMarked;
