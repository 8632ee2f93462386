package dev.ksim.netfilter.match;

/** The address types of the {@code addrtype} match (the kernel's RTN_* route types). */
public enum AddrType {
  UNSPEC,
  UNICAST,
  LOCAL,
  BROADCAST,
  ANYCAST,
  MULTICAST,
  BLACKHOLE,
  UNREACHABLE,
  PROHIBIT,
  THROW,
  NAT,
  XRESOLVE
}
