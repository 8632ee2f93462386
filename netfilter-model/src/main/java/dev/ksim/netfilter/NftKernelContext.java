package dev.ksim.netfilter;

import dev.ksim.net.IpAddress;
import dev.ksim.net.Packet;
import dev.ksim.netfilter.conntrack.ConntrackEntry;
import dev.ksim.netfilter.conntrack.CtStatus;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.netfilter.hook.CostCounter;
import dev.ksim.netfilter.nft.CtBits;
import dev.ksim.netfilter.nft.eval.NftContext;
import dev.ksim.netfilter.nft.eval.NftSetState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The kernel as an nftables chain sees it, for one packet at one hook. In exploring mode (a script
 * of draws) {@code numgen} takes its values from the script, so that every branch can be visited.
 */
final class NftKernelContext implements NftContext {
  private final Netfilter kernel;
  private final PacketInFlight flight;
  private final Recording recording;
  private final @Nullable List<Integer> script;
  private final NftSetState sets;
  private final List<Integer> moduli = new ArrayList<>();
  private final CostCounter scratch = new CostCounter();

  NftKernelContext(
      Netfilter kernel,
      PacketInFlight flight,
      Recording recording,
      @Nullable List<Integer> script,
      NftSetState sets) {
    this.kernel = kernel;
    this.flight = flight;
    this.recording = recording;
    this.script = script;
    this.sets = sets;
  }

  /** The modulus of each numgen draw taken, in order (exploring mode branches on them). */
  List<Integer> moduli() {
    return moduli;
  }

  @Override
  public Packet packet() {
    return flight.packet();
  }

  @Override
  public long ctState() {
    return switch (flight.state()) {
      case INVALID -> CtBits.STATE.get("invalid");
      case NEW -> CtBits.STATE.get("new");
      case RELATED -> CtBits.STATE.get("related");
      case ESTABLISHED, SNAT, DNAT -> CtBits.STATE.get("established");
      case UNTRACKED -> CtBits.STATE.get("untracked");
    };
  }

  @Override
  public long ctStatus() {
    ConntrackEntry entry = flight.entry();
    if (entry == null) {
      return 0;
    }
    long bits = 0;
    bits |= entry.has(CtStatus.SEEN_REPLY) ? CtBits.STATUS.get("seen-reply") : 0;
    bits |= entry.has(CtStatus.ASSURED) ? CtBits.STATUS.get("assured") : 0;
    bits |= entry.has(CtStatus.CONFIRMED) ? CtBits.STATUS.get("confirmed") : 0;
    bits |= entry.has(CtStatus.SRC_NAT) ? CtBits.STATUS.get("snat") : 0;
    bits |= entry.has(CtStatus.DST_NAT) ? CtBits.STATUS.get("dnat") : 0;
    return bits;
  }

  @Override
  public String addressType(IpAddress address) {
    return kernel.addressType(address, null).name().toLowerCase(Locale.ROOT);
  }

  @Override
  public int random(int modulus) {
    int index = moduli.size();
    moduli.add(modulus);
    if (script != null) {
      return index < script.size() ? script.get(index) % modulus : 0;
    }
    // reciprocal_scale(get_random_u32(), modulus), as nft_ng_random_eval does
    return (int) (((kernel.random().nextInt() & 0xffffffffL) * modulus) >>> 32);
  }

  @Override
  public long nowMillis() {
    return kernel.nowMillis();
  }

  @Override
  public void setMark(long mark) {
    flight.setPacket(flight.packet().withMark(mark));
  }

  @Override
  public NftSetState sets() {
    return sets;
  }

  @Override
  public CostCounter cost() {
    return script == null ? kernel.cost() : scratch;
  }

  @Override
  public boolean recordsHits() {
    return recording != Recording.NONE;
  }

  @Override
  public boolean recordsMisses() {
    return recording == Recording.ALL;
  }
}
