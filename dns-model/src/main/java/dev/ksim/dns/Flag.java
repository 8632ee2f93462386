package dev.ksim.dns;

import java.util.Locale;

/** A header flag, in the order dig lists them. */
public enum Flag {
  QR,
  AA,
  TC,
  RD,
  RA,
  AD,
  CD;

  /** The flag as dig prints it. */
  public String mnemonic() {
    return name().toLowerCase(Locale.ROOT);
  }
}
