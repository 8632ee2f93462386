package dev.ksim.netfilter;

import dev.ksim.net.Packet;
import dev.ksim.netfilter.conntrack.ConntrackEntry;
import dev.ksim.netfilter.conntrack.ConntrackTable;
import dev.ksim.netfilter.conntrack.CtState;
import dev.ksim.netfilter.hook.Translation;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A packet on its way through one kernel: the packet as it is now, its conntrack entry and state
 * (set at the first hook), whether a new entry is waiting for confirmation, and the rewrites it
 * underwent. Mutable: it is the skb of this model, owned by whoever pushes the packet.
 */
public final class PacketInFlight {
  private Packet packet;
  private @Nullable ConntrackEntry entry;
  private ConntrackTable.Direction direction = ConntrackTable.Direction.ORIGINAL;
  private CtState state = CtState.NEW;
  private boolean tracked;
  private boolean unconfirmed;
  private boolean untracked;
  private boolean markedForMasquerade;
  private @Nullable String sentBy;

  /** The rewrites so far, null until the first: most packets a kernel passes are not rewritten. */
  private @Nullable List<Translation> translations;

  public PacketInFlight(Packet packet) {
    this.packet = packet;
  }

  public Packet packet() {
    return packet;
  }

  public void setPacket(Packet packet) {
    this.packet = packet;
  }

  public @Nullable ConntrackEntry entry() {
    return entry;
  }

  void track(
      ConntrackEntry newEntry, ConntrackTable.Direction dir, CtState ctState, boolean isNew) {
    this.entry = newEntry;
    this.direction = dir;
    this.state = ctState;
    this.tracked = true;
    this.unconfirmed = isNew;
  }

  void setEntry(ConntrackEntry newEntry) {
    this.entry = newEntry;
  }

  public ConntrackTable.Direction direction() {
    return direction;
  }

  public CtState state() {
    return state;
  }

  /** Whether conntrack has looked at the packet yet. */
  public boolean isTracked() {
    return tracked;
  }

  /** Whether the packet created a new entry that is not in the table yet. */
  public boolean isUnconfirmed() {
    return unconfirmed;
  }

  void confirmed() {
    unconfirmed = false;
  }

  public boolean isUntracked() {
    return untracked;
  }

  void setUntracked() {
    untracked = true;
    state = CtState.UNTRACKED;
  }

  /** Leaves connection tracking: the new entry, if any, is never confirmed. */
  void untrack() {
    untracked = true;
    unconfirmed = false;
    state = CtState.UNTRACKED;
  }

  /**
   * The hook function that took this packet and sent it on itself, or null: the model of {@code
   * skb->ipvs_property}, which keeps IPVS from handling its own output again.
   */
  public @Nullable String sentBy() {
    return sentBy;
  }

  /** Marks the packet as re-sent by {@code function} (see {@link #sentBy}). */
  public void setSentBy(String function) {
    this.sentBy = function;
  }

  /** Whether a MASQUERADE or SNAT rewrote this connection's source. */
  public boolean isMasqueraded() {
    return markedForMasquerade;
  }

  void setMasqueraded() {
    markedForMasquerade = true;
  }

  public List<Translation> translations() {
    return translations == null ? List.of() : List.copyOf(translations);
  }

  /** How many translations the packet has had ({@code translations().size()} without a copy). */
  public int translationCount() {
    return translations == null ? 0 : translations.size();
  }

  /** The {@code index}th translation, in the order they happened. */
  public Translation translation(int index) {
    if (translations == null) {
      throw new IndexOutOfBoundsException("no translation " + index + ": the packet has none");
    }
    return translations.get(index);
  }

  void addTranslation(Translation translation) {
    List<Translation> list = translations;
    if (list == null) {
      // a connection's packet is rewritten at most twice in a kernel (DNAT, then SNAT)
      list = new ArrayList<>(2);
      translations = list;
    }
    list.add(translation);
  }
}
