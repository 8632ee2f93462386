package dev.ksim.dns.client;

import dev.ksim.dns.DnsMessage;

/** How a client's query reaches a server: in ksim, a packet through the simulated data path. */
@FunctionalInterface
public interface Transport {
  Exchange send(String server, DnsMessage query, boolean tcp);
}
