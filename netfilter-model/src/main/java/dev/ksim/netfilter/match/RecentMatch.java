package dev.ksim.netfilter.match;

import dev.ksim.net.IpAddress;
import java.util.List;
import java.util.Locale;

/**
 * {@code -m recent}: keeps a named list of recently seen addresses per kernel. {@code --set} adds
 * the address (and matches), {@code --rcheck} tests it, {@code --update} tests and refreshes it,
 * {@code --remove} deletes it; {@code --seconds} and {@code --hitcount} restrict the test, {@code
 * --reap} purges entries older than {@code --seconds}.
 *
 * @param name {@code --name} (default DEFAULT)
 * @param command what the match does
 * @param seconds {@code --seconds} (0: any age)
 * @param reap {@code --reap}
 * @param hitcount {@code --hitcount} (0: one sighting is enough)
 * @param rsource whether the source address is tracked ({@code --rsource}, the default) or the
 *     destination ({@code --rdest})
 * @param mask {@code --mask}
 * @param negated {@code ! --rcheck} and friends
 * @see <a
 *     href="https://github.com/torvalds/linux/blob/master/net/netfilter/xt_recent.c">xt_recent.c</a>
 */
public record RecentMatch(
    String name,
    Command command,
    long seconds,
    boolean reap,
    int hitcount,
    boolean rsource,
    IpAddress mask,
    boolean negated)
    implements Match {

  /** What the match does with its list. */
  public enum Command {
    SET,
    RCHECK,
    UPDATE,
    REMOVE;

    /** The word {@code iptables -L} prints. */
    String listWord() {
      return switch (this) {
        case SET -> "SET";
        case RCHECK -> "CHECK";
        case UPDATE -> "UPDATE";
        case REMOVE -> "REMOVE";
      };
    }
  }

  @Override
  public boolean matches(MatchContext context) {
    IpAddress address =
        masked(rsource ? context.packet().source() : context.packet().destination());
    RecentLists lists = context.recent();
    long now = context.nowMillis();
    boolean hit;
    switch (command) {
      case SET -> {
        if (!context.isDryRun()) {
          lists.set(name, address, now);
        }
        hit = true;
      }
      case REMOVE -> {
        hit = !lists.sightings(name, address).isEmpty();
        if (hit && !context.isDryRun()) {
          lists.remove(name, address);
        }
      }
      default -> {
        if (reap && seconds > 0 && !context.isDryRun()) {
          lists.reap(name, address, now, seconds);
        }
        List<Long> stamps = lists.sightings(name, address);
        long recent =
            stamps.stream().filter(t -> seconds == 0 || now - t <= seconds * 1000).count();
        hit = !stamps.isEmpty() && recent >= Math.max(hitcount, 1);
        if (hit && command == Command.UPDATE && !context.isDryRun()) {
          lists.set(name, address, now);
        }
      }
    }
    return hit != negated;
  }

  private IpAddress masked(IpAddress address) {
    return new IpAddress(
        address.family(), address.high() & mask.high(), address.low() & mask.low());
  }

  @Override
  public String save() {
    StringBuilder sb = new StringBuilder("-m recent ");
    sb.append(negated ? "! " : "").append("--").append(command.name().toLowerCase(Locale.ROOT));
    if (seconds > 0) {
      sb.append(" --seconds ").append(seconds);
    }
    if (reap) {
      sb.append(" --reap");
    }
    if (hitcount > 0) {
      sb.append(" --hitcount ").append(hitcount);
    }
    sb.append(" --name ").append(name).append(" --mask ").append(mask);
    sb.append(rsource ? " --rsource" : " --rdest");
    return sb.toString();
  }

  @Override
  public String list(boolean numeric) {
    StringBuilder sb = new StringBuilder("recent: ");
    sb.append(negated ? "! " : "").append(command.listWord());
    if (seconds > 0) {
      sb.append(" seconds: ").append(seconds);
    }
    if (reap) {
      sb.append(" reap");
    }
    if (hitcount > 0) {
      sb.append(" hit_count: ").append(hitcount);
    }
    sb.append(" name: ").append(name).append(" side: ").append(rsource ? "source" : "dest");
    sb.append(" mask: ").append(mask);
    return sb.toString();
  }
}
