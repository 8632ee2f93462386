package dev.ksim.net;

import java.util.Locale;
import java.util.Optional;

/** An IP protocol, with its number and the name iptables and conntrack print. */
public enum Protocol {
  ICMP(1),
  TCP(6),
  UDP(17),
  ICMPV6(58),
  SCTP(132);

  private final int number;

  Protocol(int number) {
    this.number = number;
  }

  public int number() {
    return number;
  }

  /** The lower-case name iptables and conntrack print: {@code tcp}, {@code ipv6-icmp}, ... */
  public String token() {
    return this == ICMPV6 ? "ipv6-icmp" : name().toLowerCase(Locale.ROOT);
  }

  /** Whether the protocol has ports (TCP, UDP, SCTP). */
  public boolean hasPorts() {
    return this == TCP || this == UDP || this == SCTP;
  }

  /** Parses a name in any case ({@code tcp}, {@code TCP}, {@code icmpv6}) or a number. */
  public static Optional<Protocol> tryParse(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    for (Protocol p : values()) {
      if (p.token().equals(lower)
          || p.name().toLowerCase(Locale.ROOT).equals(lower)
          || Integer.toString(p.number).equals(lower)) {
        return Optional.of(p);
      }
    }
    if (lower.equals("icmp6")) {
      return Optional.of(ICMPV6);
    }
    return Optional.empty();
  }
}
