package dev.ksim.scenario.shell;

import dev.ksim.net.IpPort;
import dev.ksim.net.Protocol;

/**
 * A packet as a capture on one interface saw it: its addresses there (after the NAT done before
 * that wire), the interface, which way it went and what tcpdump says of its contents.
 *
 * @param protocol the IP protocol
 * @param source the source there
 * @param destination the destination there
 * @param iface the interface
 * @param outbound whether it left by the interface (else it arrived)
 * @param contents what tcpdump prints after {@code src > dst: }
 */
record CapturedPacket(
    Protocol protocol,
    IpPort source,
    IpPort destination,
    String iface,
    boolean outbound,
    String contents) {}
