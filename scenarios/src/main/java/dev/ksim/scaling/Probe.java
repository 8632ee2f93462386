package dev.ksim.scaling;

import java.util.Locale;

/** The packets the report sends: a connection's first packet to four Services, and a later one. */
public enum Probe {
  /** The first packet of a new connection to the first Service. */
  FIRST,
  /** The first packet of a new connection to the Service in the middle. */
  MIDDLE,
  /** The first packet of a new connection to the last Service. */
  LAST,
  /** The first packet of a new connection to a Service drawn with a fixed seed. */
  RANDOM,
  /** A packet of a connection conntrack (or IPVS) already knows, to the first Service. */
  ESTABLISHED;

  /** The column word: {@code first}, {@code middle}, ... */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }
}
