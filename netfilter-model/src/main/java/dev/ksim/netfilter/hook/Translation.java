package dev.ksim.netfilter.hook;

import dev.ksim.net.IpPort;

/**
 * One address rewrite a packet underwent, as a trace step shows it.
 *
 * @param kind what rewrote it
 * @param hook where
 * @param before the rewritten side before
 * @param after after
 */
public record Translation(Kind kind, Hook hook, IpPort before, IpPort after) {
  /** The kinds of rewrite. */
  public enum Kind {
    /** A rule's DNAT (or REDIRECT) on the first packet. */
    DNAT,
    /** A rule's SNAT (or MASQUERADE) on the first packet. */
    SNAT,
    /** Conntrack applying a connection's DNAT to a later packet. */
    CONNTRACK_DNAT,
    /** Conntrack applying a connection's SNAT to a later packet. */
    CONNTRACK_SNAT,
    /** Conntrack undoing the DNAT on a reply (its source). */
    REVERSE_DNAT,
    /** Conntrack undoing the SNAT on a reply (its destination). */
    REVERSE_SNAT,
    /** IPVS sending a request to a masquerading real server (its destination). */
    IPVS_MASQ,
    /** IPVS giving a masqueraded real server's reply the virtual address back (its source). */
    IPVS_UNMASQ
  }

  /** Whether the source side was rewritten. */
  public boolean isSource() {
    return kind == Kind.SNAT
        || kind == Kind.CONNTRACK_SNAT
        || kind == Kind.REVERSE_DNAT
        || kind == Kind.IPVS_UNMASQ;
  }
}
