/**
 * A real DNS port at the command line's edge: UDP and TCP listeners (real sockets and threads) that
 * hand wire-format queries to the simulated CoreDNS, with CoreDNS's per-connection TCP timeouts
 * (coredns {@code core/dnsserver/server.go}, miekg/dns {@code server.go}).
 */
@NullMarked
package dev.ksim.dnsport;

import org.jspecify.annotations.NullMarked;
