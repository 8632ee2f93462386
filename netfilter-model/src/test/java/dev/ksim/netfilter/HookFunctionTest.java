package dev.ksim.netfilter;

import static dev.ksim.netfilter.NetfilterHarness.filter;
import static dev.ksim.netfilter.NetfilterHarness.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableList;
import dev.ksim.net.IpFamily;
import dev.ksim.net.IpPort;
import dev.ksim.netfilter.eval.HookTraversal;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.netfilter.hook.FunctionRun;
import dev.ksim.netfilter.hook.Hook;
import dev.ksim.netfilter.hook.HookRecord;
import dev.ksim.netfilter.hook.HookResult;
import dev.ksim.netfilter.hook.HookVerdict;
import dev.ksim.netfilter.hook.Translation;
import dev.ksim.netfilter.host.HostEvent;
import dev.ksim.netfilter.host.HostJourney;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Functions registered at a hook run among the tables by priority (nf_hook_ops). */
class HookFunctionTest {
  /** A function that records that it ran and returns a fixed result. */
  private record Probe(String name, Hook hook, int priority, HookResult result, List<String> seen)
      implements HookFunction {
    @Override
    public IpFamily family() {
      return IpFamily.IPV4;
    }

    @Override
    public HookResult run(Netfilter kernel, PacketInFlight flight, Recording recording) {
      seen.add(name + (flight.isTracked() ? " tracked" : " untracked"));
      return result;
    }
  }

  private static HookRecord record(String line, @Nullable IpPort endpoint) {
    return new HookRecord() {
      @Override
      public List<String> lines() {
        return List.of(line);
      }

      @Override
      public @Nullable IpPort endpoint() {
        return endpoint;
      }
    };
  }

  @Test
  void functionsRunByPriorityAmongTheTablesAndTheTraversalRecordsThem() {
    NetfilterHarness harness = NetfilterHarness.of(filter("-A INPUT -p tcp --dport 22 -j DROP\n"));
    List<String> seen = new ArrayList<>();
    harness.kernel().register(new Probe("late", Hook.INPUT, 99, HookResult.accept(null), seen));
    harness
        .kernel()
        .register(new Probe("early", Hook.PREROUTING, -250, HookResult.accept(null), seen));
    HostJourney journey = harness.host().send(tcp("192.168.80.1:40000", "192.168.80.101:80"));
    assertThat(seen).containsExactly("early untracked", "late tracked");
    // before conntrack (-200) at PREROUTING the packet is not tracked yet
    assertThat(traversal(journey, Hook.PREROUTING).functions())
        .extracting(FunctionRun::name)
        .containsExactly("early");
    assertThat(traversal(journey, Hook.INPUT).functions())
        .extracting(FunctionRun::priority)
        .containsExactly(99);
    // the filter table's DROP stops the hook before the function at 99
    seen.clear();
    harness.host().send(tcp("192.168.80.1:40001", "192.168.80.101:22"));
    assertThat(seen).containsExactly("early untracked");
  }

  @Test
  void aFunctionsDropStopsTheHookAndItsTranslationIsApplied() {
    NetfilterHarness harness = NetfilterHarness.of(filter(""));
    List<String> seen = new ArrayList<>();
    IpPort before = IpPort.tryParse("192.168.80.101:80").orElseThrow();
    IpPort after = IpPort.tryParse("192.168.80.101:8080").orElseThrow();
    harness
        .kernel()
        .register(
            new Probe(
                "rewrite",
                Hook.INPUT,
                50,
                new HookResult(
                    HookVerdict.ACCEPT,
                    new Translation(Translation.Kind.IPVS_MASQ, Hook.INPUT, before, after),
                    HookResult.ConntrackAction.FOLLOW,
                    false,
                    null,
                    record("rewrote", after)),
                seen));
    HostJourney journey = harness.host().send(tcp("192.168.80.1:40000", "192.168.80.101:80"));
    assertThat(journey.outcome()).isEqualTo(HostJourney.Outcome.DELIVERED_LOCALLY);
    assertThat(journey.last().destinationIpPort()).isEqualTo(after);
    assertThat(journey.endpoint()).isEqualTo(after);
    // the conntrack entry's reply now comes from the rewritten destination
    assertThat(harness.kernel().conntrack().entries(0).get(0).reply().sourcePort()).isEqualTo(8080);
    harness
        .kernel()
        .register(
            new Probe(
                "drop",
                Hook.INPUT,
                60,
                new HookResult(
                    HookVerdict.REJECT, null, HookResult.ConntrackAction.KEEP, false, null, null),
                seen));
    assertThat(harness.host().send(tcp("192.168.80.1:40001", "192.168.80.101:80")).outcome())
        .isEqualTo(HostJourney.Outcome.REJECTED);
  }

  @Test
  void anUntracedPassageKeepsTheRunsItReadsAndEndsAsTheTracedOne() {
    List<String> seen = new ArrayList<>();
    IpPort endpoint = IpPort.tryParse("10.244.1.3:80").orElseThrow();
    Probe quiet = new Probe("quiet", Hook.INPUT, 40, HookResult.accept(null), seen);
    Probe recording =
        new Probe("recording", Hook.INPUT, 50, HookResult.accept(record("saw", endpoint)), seen);
    Probe dropping =
        new Probe(
            "dropping",
            Hook.INPUT,
            60,
            new HookResult(
                HookVerdict.DROP, null, HookResult.ConntrackAction.KEEP, false, null, null),
            seen);
    NetfilterHarness traced = NetfilterHarness.of(filter(""));
    NetfilterHarness passed = NetfilterHarness.of(filter(""));
    for (NetfilterHarness harness : List.of(traced, passed)) {
      harness.kernel().register(quiet);
      harness.kernel().register(recording);
    }
    HostJourney sent = traced.host().send(tcp("192.168.80.1:40000", "192.168.80.101:80"), "eth0");
    HostJourney pass = passed.host().pass(tcp("192.168.80.1:40000", "192.168.80.101:80"), "eth0");
    assertThat(traversal(sent, Hook.INPUT).functions())
        .extracting(FunctionRun::name)
        .containsExactly("quiet", "recording");
    // the untraced passage ran both functions, and the one whose record names an endpoint counts
    assertThat(seen)
        .containsExactly(
            "quiet tracked", "recording tracked", "quiet tracked", "recording tracked");
    assertThat(pass.outcome()).isEqualTo(sent.outcome());
    assertThat(pass.endpoint()).isEqualTo(sent.endpoint()).isEqualTo(endpoint);
    assertThat(
            passed
                .kernel()
                .pass(
                    Hook.INPUT,
                    new PacketInFlight(tcp("192.168.80.1:40001", "192.168.80.101:80")),
                    Recording.NONE)
                .functions())
        .extracting(FunctionRun::name)
        .containsExactly("recording");
    // a function that drops without a record still stops an untraced passage
    for (NetfilterHarness harness : List.of(traced, passed)) {
      harness.kernel().register(dropping);
    }
    assertThat(passed.host().pass(tcp("192.168.80.1:40002", "192.168.80.101:80"), "eth0").outcome())
        .isEqualTo(
            traced.host().send(tcp("192.168.80.1:40002", "192.168.80.101:80"), "eth0").outcome())
        .isEqualTo(HostJourney.Outcome.DROPPED);
  }

  private static HookTraversal traversal(HostJourney journey, Hook hook) {
    List<HookTraversal> found = new ArrayList<>();
    for (HostEvent event : journey.events()) {
      event.accept(
          new HostEvent.Visitor<Void>() {
            @Override
            public Void visitEntered(HostEvent.Entered e) {
              return null;
            }

            @Override
            public Void visitTracked(HostEvent.Tracked e) {
              return null;
            }

            @Override
            public Void visitHooked(HostEvent.Hooked e) {
              if (e.traversal().hook() == hook) {
                found.add(e.traversal());
              }
              return null;
            }

            @Override
            public Void visitTranslated(HostEvent.Translated e) {
              return null;
            }

            @Override
            public Void visitRouted(HostEvent.Routed e) {
              return null;
            }

            @Override
            public Void visitLeft(HostEvent.Left e) {
              return null;
            }

            @Override
            public Void visitDelivered(HostEvent.Delivered e) {
              return null;
            }

            @Override
            public Void visitDiscarded(HostEvent.Discarded e) {
              return null;
            }
          });
    }
    return ImmutableList.copyOf(found).get(0);
  }
}
