package dev.ksim.net;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** An IP protocol, with its number and the name iptables and conntrack print. */
public enum Protocol {
  ICMP(1, "icmp"),
  TCP(6, "tcp"),
  UDP(17, "udp"),
  ICMPV6(58, "ipv6-icmp"),
  SCTP(132, "sctp");

  private final int number;
  private final String token;

  Protocol(int number, String token) {
    this.number = number;
    this.token = token;
  }

  public int number() {
    return number;
  }

  /** The lower-case name iptables and conntrack print: {@code tcp}, {@code ipv6-icmp}, ... */
  public String token() {
    return token;
  }

  /** Whether the protocol has ports (TCP, UDP, SCTP). */
  public boolean hasPorts() {
    return this == TCP || this == UDP || this == SCTP;
  }

  /**
   * Every spelling {@link #tryParse} accepts, lower case (token, name and number), and each name as
   * the enum spells it ({@code TCP}).
   */
  private static final Map<String, Protocol> BY_TEXT = spellings();

  private static Map<String, Protocol> spellings() {
    Map<String, Protocol> byText = new HashMap<>();
    for (Protocol p : values()) {
      byText.putIfAbsent(p.token(), p);
      byText.putIfAbsent(p.name().toLowerCase(Locale.ROOT), p);
      byText.putIfAbsent(Integer.toString(p.number), p);
    }
    byText.putIfAbsent("icmp6", ICMPV6);
    for (Protocol p : values()) {
      byText.putIfAbsent(p.name(), p);
    }
    return byText;
  }

  /** Parses a name in any case ({@code tcp}, {@code TCP}, {@code icmpv6}) or a number. */
  public static Optional<Protocol> tryParse(String text) {
    // the spellings met most (tcp, TCP in API objects) are found without a lower-case copy
    Protocol exact = BY_TEXT.get(text);
    return Optional.ofNullable(exact != null ? exact : BY_TEXT.get(text.toLowerCase(Locale.ROOT)));
  }
}
