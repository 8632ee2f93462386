package dev.ksim.ipvs.scheduler;

import com.google.common.math.IntMath;
import dev.ksim.ipvs.RealServer;
import dev.ksim.net.Packet;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * wrr: a cursor and a current weight {@code cw}; walking the list from the cursor, the first server
 * not overloaded with weight &ge; cw is chosen; each time the walk passes the list head cw drops by
 * the gcd of the weights and restarts at the maximum weight when it reaches 0. Any change to the
 * destinations puts the cursor back at the head and recomputes gcd and maximum, keeping cw when it
 * still fits (rounded to a multiple of the gcd plus one).
 *
 * @see <a
 *     href="https://github.com/torvalds/linux/blob/master/net/netfilter/ipvs/ip_vs_wrr.c">ip_vs_wrr.c</a>
 */
final class WeightedRoundRobin implements Scheduler {
  private @Nullable RealServer cursor;
  private int currentWeight;
  private int maxWeight;
  private int gcd = 1;

  @Override
  public String name() {
    return "wrr";
  }

  @Override
  public void changed(List<RealServer> destinations) {
    cursor = null;
    int g = 0;
    int max = 0;
    for (RealServer server : destinations) {
      int weight = server.weight();
      if (weight > 0) {
        g = g > 0 ? IntMath.gcd(weight, g) : weight;
      }
      max = Math.max(max, weight);
    }
    gcd = g > 0 ? g : 1;
    maxWeight = max - (gcd - 1);
    if (currentWeight > maxWeight || currentWeight == 0) {
      currentWeight = maxWeight;
    } else if (gcd > 1) {
      currentWeight = (currentWeight / gcd) * gcd + 1;
    }
  }

  /** The current weight ({@code mark->cw}), for tests that follow the cursor. */
  int currentWeight() {
    return currentWeight;
  }

  @Override
  public Choice schedule(List<RealServer> destinations, int flags, Packet packet, boolean explain) {
    if (maxWeight == 0) {
      return new Choice(null, explain ? Schedulers.none("wrr") : null);
    }
    int last = cursor == null ? -1 : destinations.indexOf(cursor);
    int stop = -2;
    boolean lastPass = false;
    boolean restarted = false;
    int i = last;
    while (true) {
      for (i = i + 1; i < destinations.size(); i++) {
        RealServer server = destinations.get(i);
        if (!server.isOverloaded() && server.weight() >= currentWeight) {
          cursor = server;
          return new Choice(
              server,
              explain
                  ? Schedulers.chose(
                      "wrr",
                      server,
                      "weight " + server.weight() + " >= current weight " + currentWeight)
                  : null);
        }
        if (i == stop) {
          cursor = server;
          return overloaded(explain);
        }
      }
      currentWeight -= gcd;
      if (currentWeight <= 0) {
        currentWeight = maxWeight;
        if (lastPass || last == -1) {
          cursor = null;
          return overloaded(explain);
        }
        restarted = true;
      }
      lastPass = currentWeight <= gcd;
      if (lastPass && restarted) {
        stop = last;
      }
      i = -1;
    }
  }

  private static Choice overloaded(boolean explain) {
    return new Choice(
        null, explain ? "wrr: no destination available: all destinations are overloaded" : null);
  }
}
