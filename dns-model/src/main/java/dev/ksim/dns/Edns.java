package dev.ksim.dns;

/**
 * A message's EDNS pseudo-record (RFC 6891): the UDP payload size, the EDNS version (0 is the only
 * one defined) and the client cookie (RFC 7873), as hex, empty when absent.
 */
public record Edns(int udpSize, String cookie, int version) {
  /** EDNS version 0. */
  public Edns(int udpSize, String cookie) {
    this(udpSize, cookie, 0);
  }

  /** Octets of the OPT record on the wire. */
  public int wireLength() {
    return 11 + (cookie.isEmpty() ? 0 : 4 + cookie.length() / 2);
  }
}
