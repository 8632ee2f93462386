package dev.ksim.dns.corefile;

/** The kubernetes plugin's {@code pods} option: whether and how it answers pod names. */
public enum PodsMode {
  DISABLED,
  INSECURE,
  VERIFIED
}
