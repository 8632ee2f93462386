package dev.ksim.netfilter.nft;

import dev.ksim.net.IpAddress;
import dev.ksim.net.Packet;

/** What a rule can read about the packet it is evaluated for, beyond the packet itself. */
public interface NftPacketView {
  Packet packet();

  /** The packet's conntrack state as {@code ct state} bits ({@link CtBits#STATE}). */
  long ctState();

  /** The packet's conntrack status bits ({@link CtBits#STATUS}), 0 when untracked. */
  long ctStatus();

  /** The address type {@code fib ... type} reports for an address: local, unicast, ... */
  String addressType(IpAddress address);
}
