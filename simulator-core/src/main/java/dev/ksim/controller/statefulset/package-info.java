/**
 * The StatefulSet controller: pods with stable ordinal names ({@code <set>-0}, {@code <set>-1},
 * ...), each given the hostname of its name and the subdomain of the governing Service, started one
 * at a time in order (OrderedReady) or all at once (Parallel), and removed from the highest ordinal
 * down.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/tree/master/pkg/controller/statefulset">pkg/controller/statefulset</a>
 */
@NullMarked
package dev.ksim.controller.statefulset;

import org.jspecify.annotations.NullMarked;
