/**
 * A node's own network namespace: its kernel (netfilter, conntrack) and its interface addresses, as
 * kube-proxy programs it and the data path walks it.
 */
@NullMarked
package dev.ksim.node;

import org.jspecify.annotations.NullMarked;
