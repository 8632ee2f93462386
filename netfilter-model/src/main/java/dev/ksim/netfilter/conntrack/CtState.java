package dev.ksim.netfilter.conntrack;

/**
 * The states the {@code conntrack} and {@code state} matches test, in the order iptables prints
 * them. SNAT and DNAT are virtual states: the entry's NAT status bits.
 */
public enum CtState {
  INVALID,
  NEW,
  RELATED,
  ESTABLISHED,
  UNTRACKED,
  SNAT,
  DNAT;
}
