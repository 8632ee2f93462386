package dev.ksim.datapath;

import dev.ksim.net.IpAddress;

/**
 * A client resolved to where its packets start.
 *
 * @param address the packets' source address
 * @param origin where they start
 */
public record Source(IpAddress address, Origin origin) {}
