package dev.ksim.trace;

import com.google.common.collect.ImmutableSortedSet;
import dev.ksim.net.IpPort;
import dev.ksim.netfilter.hook.DnatCandidates;
import dev.ksim.netfilter.hook.FunctionRun;
import dev.ksim.netfilter.host.Host;
import dev.ksim.netfilter.host.HostEvent;
import dev.ksim.netfilter.host.HostJourney;
import dev.ksim.node.NetnsName;
import java.util.ArrayList;
import java.util.List;

/** Turns a single host's journey ({@code ksim netfilter}) into a one-hop trace. */
public final class HostTraces {
  private HostTraces() {}

  /**
   * The trace of {@code journey} through host {@code hostName}, with the DNAT {@code candidates}.
   */
  public static Trace of(HostJourney journey, DnatCandidates candidates, String hostName) {
    List<Step> steps = steps(journey);
    Verdict verdict =
        switch (journey.outcome()) {
          case DELIVERED_LOCALLY -> Verdict.DELIVERED;
          case FORWARDED -> {
            steps.add(new Step.Delivered("the network outside (every address answers)"));
            yield Verdict.DELIVERED;
          }
          case DROPPED, DISCARDED -> Verdict.DROPPED;
          case REJECTED -> Verdict.REJECTED;
        };
    return new Trace(
        journey.packet().protocol(),
        journey.packet().sourceIpPort(),
        journey.packet().destinationIpPort(),
        verdict,
        journey.endpoint(),
        ImmutableSortedSet.<IpPort>naturalOrder()
            .addAll(candidates.destinations())
            .addAll(Host.functionCandidates(journey))
            .build(),
        !candidates.cut(),
        journey.masqueraded(),
        null,
        List.of(new Hop(hostName, NetnsName.host(), steps)),
        null);
  }

  /**
   * The steps of a host's events, in order; after a hook's passage, one step for each registered
   * function (IPVS) that recorded what it did.
   */
  public static List<Step> steps(HostJourney journey) {
    List<HostEvent> events = journey.events();
    List<Step> steps = new ArrayList<>(events.size() + 1);
    for (int e = 0; e < events.size(); e++) {
      HostEvent event = events.get(e);
      steps.add(event.accept(TO_STEP));
      List<FunctionRun> runs = event.functionRuns();
      for (int r = 0; r < runs.size(); r++) {
        FunctionRun run = runs.get(r);
        if (run.result().record() != null) {
          steps.add(new Step.HookFunctionRan(run));
        }
      }
    }
    return steps;
  }

  private static final HostEvent.Visitor<Step> TO_STEP =
      new HostEvent.Visitor<>() {
        @Override
        public Step visitEntered(HostEvent.Entered e) {
          return e.iface().isEmpty()
              ? new Step.Originated(
                  e.packet().protocol(), e.packet().sourceIpPort(), e.packet().destinationIpPort())
              : new Step.Received(e.iface());
        }

        @Override
        public Step visitTracked(HostEvent.Tracked e) {
          return new Step.ConntrackLookedUp(e.entry(), e.state(), e.created());
        }

        @Override
        public Step visitHooked(HostEvent.Hooked e) {
          return new Step.HookTraversed(e.traversal());
        }

        @Override
        public Step visitTranslated(HostEvent.Translated e) {
          return new Step.Translated(e.translation());
        }

        @Override
        public Step visitRouted(HostEvent.Routed e) {
          return new Step.Routed(e.decision(), e.iface());
        }

        @Override
        public Step visitLeft(HostEvent.Left e) {
          return new Step.Transmitted(e.iface());
        }

        @Override
        public Step visitDelivered(HostEvent.Delivered e) {
          return new Step.Delivered("local socket (accepted for local delivery)");
        }

        @Override
        public Step visitDiscarded(HostEvent.Discarded e) {
          return new Step.Dropped(e.reason());
        }
      };
}
