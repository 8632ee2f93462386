/**
 * A CoreDNS server: its plugin chain in CoreDNS's fixed order (loadbalance, cache, autopath,
 * transfer, kubernetes, forward), the header and EDNS rules of its replies, and the world outside
 * the cluster that {@code forward} reaches.
 */
@NullMarked
package dev.ksim.dns.server;

import org.jspecify.annotations.NullMarked;
