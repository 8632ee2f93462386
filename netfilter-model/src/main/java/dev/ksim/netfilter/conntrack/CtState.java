package dev.ksim.netfilter.conntrack;

import java.util.Optional;

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

  public static Optional<CtState> tryParse(String text) {
    for (CtState state : values()) {
      if (state.name().equals(text)) {
        return Optional.of(state);
      }
    }
    return Optional.empty();
  }
}
