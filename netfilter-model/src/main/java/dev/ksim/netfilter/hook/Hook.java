package dev.ksim.netfilter.hook;

/** The netfilter hooks of the IP stack, in the order a forwarded packet meets them. */
public enum Hook {
  PREROUTING,
  INPUT,
  FORWARD,
  OUTPUT,
  POSTROUTING
}
