package dev.ksim.dns;

/**
 * A message's EDNS(0) pseudo-record (RFC 6891): the UDP payload size and the client cookie (RFC
 * 7873), as hex, empty when absent.
 */
public record Edns(int udpSize, String cookie) {
  /** Octets of the OPT record on the wire. */
  public int wireLength() {
    return 11 + (cookie.isEmpty() ? 0 : 4 + cookie.length() / 2);
  }
}
