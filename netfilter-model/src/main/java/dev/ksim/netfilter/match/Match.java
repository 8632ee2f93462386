package dev.ksim.netfilter.match;

/**
 * One condition of a rule. {@link #matches} decides for the packet in {@code context} (a match may
 * also change state, as {@code recent --set} does); {@link #save} and {@link #list} print it as
 * {@code iptables-save} and {@code iptables -L} would.
 */
public sealed interface Match
    permits GenericMatch,
        CommentMatch,
        PortMatch,
        IcmpMatch,
        MultiportMatch,
        AddrTypeMatch,
        MarkMatch,
        ConntrackMatch,
        StateMatch,
        StatisticMatch,
        RecentMatch,
        SetMatch,
        LimitMatch,
        NfacctMatch {

  boolean matches(MatchContext context);

  /** The match's part of an iptables-save line, e.g. {@code -m mark --mark 0x4000/0x4000}. */
  String save();

  /** The match's part of the last {@code iptables -L} column ("" for the generic matches). */
  String list(boolean numeric);

  /** Whether this is one of the generic IP header matches ({@code -s -d -i -o -p}). */
  default boolean isGeneric() {
    return false;
  }
}
