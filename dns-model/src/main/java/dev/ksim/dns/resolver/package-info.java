/**
 * The pod's stub resolver: resolv.conf as kubelet writes it per dnsPolicy, and the search-list walk
 * of glibc ({@code res_search}) that turns a name into the queries a client sends.
 */
@NullMarked
package dev.ksim.dns.resolver;

import org.jspecify.annotations.NullMarked;
