/**
 * One client connecting to host:port, as a program on a pod or node does: it resolves the name
 * through its own resolver (the pod's resolv.conf, queries over the data path to CoreDNS), its
 * kernel picks the source address and ephemeral port, the exchange goes through the cluster's data
 * path and the reply comes back. {@code ksim trace}, {@code ksim curl}, the scenario shell's curl,
 * scenario trace steps and DNS queries all connect through it.
 */
@NullMarked
package dev.ksim.client;

import org.jspecify.annotations.NullMarked;
