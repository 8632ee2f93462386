package dev.ksim.netfilter.nft.eval;

import dev.ksim.netfilter.hook.CostCounter;
import dev.ksim.netfilter.nft.NftPacketView;

/** The kernel a chain is evaluated in, for one packet: what rules read, draw and change. */
public interface NftContext extends NftPacketView {
  /** A uniform random number below {@code modulus} ({@code numgen random}). */
  int random(int modulus);

  /** Simulated time, for dynamic set elements' timeouts. */
  long nowMillis();

  /** Sets the packet mark ({@code meta mark set}). */
  void setMark(long mark);

  /** The elements rules have added to dynamic sets ({@code update @set { ... }}). */
  NftSetState sets();

  CostCounter cost();

  /** Whether the rules that decided something are recorded (a trace asked for them). */
  boolean recordsHits();

  /** Whether rules tried without matching are recorded too (a verbose trace). */
  boolean recordsMisses();
}
