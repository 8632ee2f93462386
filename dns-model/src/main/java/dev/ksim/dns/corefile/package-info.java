/**
 * The Corefile: CoreDNS's configuration text (server blocks, directives, nested blocks) and the
 * options ksim models of the plugins kubeadm's Corefile uses (kubernetes, forward, cache,
 * loadbalance).
 */
@NullMarked
package dev.ksim.dns.corefile;

import org.jspecify.annotations.NullMarked;
