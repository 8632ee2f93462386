package dev.ksim.ipvs.scheduler;

import com.google.common.collect.ImmutableList;
import dev.ksim.ipvs.RealServer;
import java.util.List;
import java.util.Optional;

/** The schedulers by name, and the rules they share. */
public final class Schedulers {
  /** Every scheduler the kernel ships, in the order of net/netfilter/ipvs/Kconfig. */
  public static final ImmutableList<String> NAMES =
      ImmutableList.of(
          "rr", "wrr", "lc", "wlc", "fo", "ovf", "lblc", "lblcr", "dh", "sh", "mh", "sed", "nq",
          "twos");

  private Schedulers() {}

  /**
   * A new scheduler instance for one service, or empty when the kernel has no module {@code
   * ip_vs_NAME} ({@code ip_vs_scheduler_get} fails and adding the service fails with ENOENT).
   */
  public static Optional<Scheduler> create(String name, SchedulerContext context) {
    Scheduler scheduler =
        switch (name) {
          case "rr" -> new RoundRobin();
          case "wrr" -> new WeightedRoundRobin();
          case "lc" -> new LeastConnection();
          case "wlc" -> new WeightedLeastConnection();
          case "sed" -> new ShortestExpectedDelay();
          case "nq" -> new NeverQueue();
          case "fo" -> new WeightedFailover();
          case "ovf" -> new WeightedOverflow();
          case "twos" -> new TwoRandomChoices(context.random());
          case "sh" -> new SourceHashing();
          case "dh" -> new DestinationHashing();
          case "lblc" -> new LocalityBasedLeastConnection(context.clock());
          case "lblcr" -> new LocalityBasedLeastConnectionReplication(context.clock());
          case "mh" -> new MaglevHashing();
          default -> null;
        };
    return Optional.ofNullable(scheduler);
  }

  /** Not overloaded and weight above 0: what most schedulers take. */
  static boolean isEligible(RealServer server) {
    return !server.isOverloaded() && server.weight() > 0;
  }

  /**
   * The weighted comparison of wlc, sed, nq, lblc and lblcr: whether {@code candidate} (overhead
   * {@code coh}) is strictly less loaded per weight than {@code least} (overhead {@code loh}), as
   * {@code loh * w(candidate) > coh * w(least)} in 64 bits.
   */
  static boolean lessLoaded(long coh, RealServer candidate, long loh, RealServer least) {
    return loh * candidate.weight() > coh * least.weight();
  }

  /** "NAME chose SERVER: WHY". */
  static String chose(String name, RealServer server, String why) {
    return name + " chose " + server.address() + (why.isEmpty() ? "" : ": " + why);
  }

  /** "NAME: no destination available" (ip_vs_scheduler_err's words). */
  static String none(String name) {
    return name + ": no destination available";
  }

  /**
   * How {@code chosen}'s load per weight compares with the next best eligible server's, e.g. {@code
   * overhead/weight 0/1 < 256/1 (10.0.0.2:80)}.
   */
  static String ratioWhy(
      RealServer chosen,
      List<RealServer> destinations,
      java.util.function.ToLongFunction<RealServer> overhead) {
    RealServer best = null;
    for (RealServer other : destinations) {
      if (other == chosen || !isEligible(other)) {
        continue;
      }
      if (best == null
          || overhead.applyAsLong(best) * other.weight()
              > overhead.applyAsLong(other) * best.weight()) {
        best = other;
      }
    }
    String mine = overhead.applyAsLong(chosen) + "/" + chosen.weight();
    if (best == null) {
      return "overhead/weight " + mine + ", the only eligible server";
    }
    String theirs = overhead.applyAsLong(best) + "/" + best.weight();
    boolean tie =
        overhead.applyAsLong(chosen) * best.weight()
            == overhead.applyAsLong(best) * chosen.weight();
    return "overhead/weight "
        + mine
        + (tie ? " = " : " < ")
        + theirs
        + " ("
        + best.address()
        + (tie ? "; a tie goes to the first in list order)" : ")");
  }
}
