package dev.ksim.netfilter.match;

/**
 * The matches on the IP header that every rule has slots for ({@code -s -d -i -o -p}): iptables
 * prints them first in a saved rule and in their own columns of {@code -L}, never in the last one.
 */
public sealed interface GenericMatch extends Match
    permits SourceMatch, DestinationMatch, InInterfaceMatch, OutInterfaceMatch, ProtocolMatch {
  @Override
  default String list(boolean numeric) {
    return "";
  }

  @Override
  default boolean isGeneric() {
    return true;
  }
}
