package dev.ksim.ipvs.scheduler;

import dev.ksim.ipvs.RealServer;
import dev.ksim.net.Packet;
import dev.ksim.netfilter.hook.RandomSource;
import java.util.List;

/**
 * twos: two weighted random picks among servers not overloaded with weight above 0 (random numbers
 * modulo the weight sum plus one, walking the list until each falls to 0 or below), and the one
 * with the lower overhead per weight wins (the first pick on a tie). The draws come from the
 * simulation's seeded source.
 *
 * @see <a
 *     href="https://github.com/torvalds/linux/blob/master/net/netfilter/ipvs/ip_vs_twos.c">ip_vs_twos.c</a>
 */
final class TwoRandomChoices implements Scheduler {
  private final RandomSource random;

  TwoRandomChoices(RandomSource random) {
    this.random = random;
  }

  @Override
  public String name() {
    return "twos";
  }

  @Override
  public Choice schedule(List<RealServer> destinations, int flags, Packet packet, boolean explain) {
    RealServer choice1 = null;
    RealServer choice2 = null;
    int totalWeight = 0;
    for (RealServer server : destinations) {
      if (Schedulers.isEligible(server)) {
        totalWeight += server.weight();
        choice1 = server;
      }
    }
    if (choice1 == null) {
      return new Choice(null, explain ? Schedulers.none("twos") : null);
    }
    totalWeight += 1;
    int draw1 = (int) (Integer.toUnsignedLong(random.nextInt()) % totalWeight);
    int draw2 = (int) (Integer.toUnsignedLong(random.nextInt()) % totalWeight);
    int rweight1 = draw1;
    int rweight2 = draw2;
    int weight1 = -1;
    int weight2 = -1;
    long overhead1 = 0;
    long overhead2 = 0;
    for (RealServer server : destinations) {
      if (!Schedulers.isEligible(server)) {
        continue;
      }
      int weight = server.weight();
      rweight1 -= weight;
      rweight2 -= weight;
      if (rweight1 <= 0 && weight1 == -1) {
        choice1 = server;
        weight1 = weight;
        overhead1 = server.overhead();
      }
      if (rweight2 <= 0 && weight2 == -1) {
        choice2 = server;
        weight2 = weight;
        overhead2 = server.overhead();
      }
      if (weight1 != -1 && weight2 != -1) {
        break;
      }
    }
    RealServer chosen = choice1;
    if (choice2 != null && (long) weight2 * overhead1 > (long) weight1 * overhead2) {
      chosen = choice2;
    }
    String why =
        "draws "
            + draw1
            + " and "
            + draw2
            + " of "
            + totalWeight
            + " picked "
            + choice1.address()
            + " ("
            + overhead1
            + "/"
            + weight1
            + ") and "
            + (choice2 == null
                ? "none"
                : choice2.address() + " (" + overhead2 + "/" + weight2 + ")")
            + "; the lower overhead/weight wins";
    return new Choice(chosen, explain ? Schedulers.chose("twos", chosen, why) : null);
  }
}
