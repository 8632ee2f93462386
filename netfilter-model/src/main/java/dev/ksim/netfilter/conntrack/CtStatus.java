package dev.ksim.netfilter.conntrack;

/** Status bits of a conntrack entry (the kernel's IPS_* flags that matter here). */
public enum CtStatus {
  /** A packet was seen in the reply direction. */
  SEEN_REPLY,
  /** The connection is established in both directions and will not be evicted early. */
  ASSURED,
  /** The entry is in the table (its first packet left the host or was delivered). */
  CONFIRMED,
  /** Source NAT applies. */
  SRC_NAT,
  /** Destination NAT applies. */
  DST_NAT
}
