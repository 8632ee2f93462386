package dev.ksim.netfilter.hook;

import static com.google.common.base.Preconditions.checkArgument;

import dev.ksim.net.IpAddress;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link dev.ksim.netfilter.HookFunction} decided for a packet.
 *
 * @param verdict ACCEPT to let the packet go on, DROP, or REJECT (dropped and answered with an ICMP
 *     error)
 * @param translation the address rewrite to apply to the packet, or null
 * @param conntrack what to do with the packet's conntrack entry
 * @param sent whether the function took the packet ({@code NF_STOLEN}) and sent it out itself
 *     through LOCAL_OUT and POSTROUTING towards its (possibly new) destination, as IPVS's
 *     transmitters do; the rest of the hook does not run
 * @param via for a sent packet, the address whose route it takes when that is not its destination
 *     (IPVS direct routing and tunnelling send to the real server), else null
 * @param record what happened, in the function's words; null when not recorded
 */
public record HookResult(
    HookVerdict verdict,
    @Nullable Translation translation,
    ConntrackAction conntrack,
    boolean sent,
    @Nullable IpAddress via,
    @Nullable HookRecord record) {

  /** What happens to the packet's conntrack entry. */
  public enum ConntrackAction {
    /** Nothing. */
    KEEP,
    /**
     * A new (unconfirmed) entry's reply tuple follows the translation, as {@code
     * nf_conntrack_alter_reply} does for IPVS with {@code net.ipv4.vs.conntrack=1}.
     */
    FOLLOW,
    /**
     * The packet leaves connection tracking (its new entry is forgotten: {@code ip_vs_notrack}).
     */
    UNTRACK
  }

  public HookResult {
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(conntrack, "conntrack");
    checkArgument(!sent || verdict == HookVerdict.ACCEPT, "sent: a sent packet is not %s", verdict);
  }

  /** The packet goes on unchanged. */
  public static HookResult accept(@Nullable HookRecord record) {
    return new HookResult(HookVerdict.ACCEPT, null, ConntrackAction.KEEP, false, null, record);
  }
}
