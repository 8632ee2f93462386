package dev.ksim.netfilter.target;

/**
 * What a NAT target asks of the NAT engine: which side to rewrite, to what, and how to pick a port.
 *
 * @param source true for SNAT/MASQUERADE, false for DNAT/REDIRECT
 * @param range the addresses and ports
 * @param masquerade take the address of the outgoing interface
 * @param redirect take the address of the incoming interface (loopback for local packets)
 * @param random {@code --random}
 * @param randomFully {@code --random-fully}
 */
public record NatRequest(
    boolean source,
    NatRange range,
    boolean masquerade,
    boolean redirect,
    boolean random,
    boolean randomFully) {}
