package dev.ksim.netfilter.conntrack;

import java.util.List;

/**
 * {@code conntrack -L} text: protocol name and number, seconds left, TCP state, original tuple,
 * {@code [UNREPLIED]}, reply tuple, {@code [ASSURED]}, mark and use.
 *
 * @see <a href="https://git.netfilter.org/conntrack-tools/">conntrack-tools</a>
 */
public final class ConntrackWriter {
  private ConntrackWriter() {}

  /** One entry as conntrack -L prints it. */
  public static String line(ConntrackEntry entry, long now) {
    StringBuilder sb = new StringBuilder();
    String proto = entry.protocol().token();
    sb.append(
        String.format(
            "%-8s %d %d ",
            proto, entry.protocol().number(), Math.max(0, (entry.expiresAtMillis() - now) / 1000)));
    if (entry.tcpState() != null) {
      sb.append(entry.tcpState().name()).append(' ');
    }
    sb.append(entry.original().text()).append(' ');
    if (!entry.has(CtStatus.SEEN_REPLY)) {
      sb.append("[UNREPLIED] ");
    }
    sb.append(entry.reply().text()).append(' ');
    if (entry.has(CtStatus.ASSURED)) {
      sb.append("[ASSURED] ");
    }
    sb.append("mark=").append(entry.mark()).append(" use=1");
    return sb.toString();
  }

  /** The listing, then conntrack's summary line (which goes to stderr in the real tool). */
  public static String list(List<ConntrackEntry> entries, long now) {
    StringBuilder sb = new StringBuilder();
    for (ConntrackEntry entry : entries) {
      sb.append(line(entry, now)).append('\n');
    }
    return sb.toString();
  }

  /**
   * conntrack's stderr summary: {@code conntrack v1.4.7 (conntrack-tools): N flow entries have been
   * shown.}
   */
  public static String summary(int count) {
    return "conntrack v1.4.7 (conntrack-tools): " + count + " flow entries have been shown.\n";
  }
}
