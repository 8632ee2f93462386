package dev.ksim.ipvs.scheduler;

import static dev.ksim.ipvs.scheduler.Servers.picks;
import static dev.ksim.ipvs.scheduler.Servers.server;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.ipvs.RealServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** wrr as net/netfilter/ipvs/ip_vs_wrr.c schedules. */
class WeightedRoundRobinTest {
  @Test
  void weightsFourThreeTwo() {
    RealServer a = server("10.0.0.1:80", 4);
    RealServer b = server("10.0.0.2:80", 3);
    RealServer c = server("10.0.0.3:80", 2);
    WeightedRoundRobin wrr = new WeightedRoundRobin();
    List<RealServer> list = List.of(a, b, c);
    wrr.changed(list);
    assertThat(picks(wrr, list, 9))
        .containsExactly(
            "10.0.0.1:80",
            "10.0.0.1:80",
            "10.0.0.2:80",
            "10.0.0.1:80",
            "10.0.0.2:80",
            "10.0.0.3:80",
            "10.0.0.1:80",
            "10.0.0.2:80",
            "10.0.0.3:80");
  }

  @Test
  void gcdStepsTheCurrentWeight() {
    RealServer a = server("10.0.0.1:80", 4);
    RealServer b = server("10.0.0.2:80", 2);
    WeightedRoundRobin wrr = new WeightedRoundRobin();
    List<RealServer> list = List.of(a, b);
    wrr.changed(list);
    // di = 2, mw = 4 - 1 = 3: cw 3 -> a; cw 1 -> a, b
    assertThat(picks(wrr, list, 6))
        .containsExactly(
            "10.0.0.1:80",
            "10.0.0.1:80",
            "10.0.0.2:80",
            "10.0.0.1:80",
            "10.0.0.1:80",
            "10.0.0.2:80");
  }

  @Test
  void aWeightChangeMidStreamResetsTheCursorAndKeepsTheCurrentWeight() {
    RealServer a = server("10.0.0.1:80", 3);
    RealServer b = server("10.0.0.2:80", 1);
    WeightedRoundRobin wrr = new WeightedRoundRobin();
    List<RealServer> list = List.of(a, b);
    wrr.changed(list);
    assertThat(picks(wrr, list, 2)).containsExactly("10.0.0.1:80", "10.0.0.1:80");
    assertThat(wrr.currentWeight()).isEqualTo(2);
    // ipvsadm -e ... -w 2 on a: mw becomes 2, cw 2 stays, the cursor goes back to the head
    RealServer a2 = server("10.0.0.1:80", 2);
    List<RealServer> changed = List.of(a2, b);
    wrr.updated(changed, a2);
    assertThat(wrr.currentWeight()).isEqualTo(2);
    assertThat(picks(wrr, changed, 3)).containsExactly("10.0.0.1:80", "10.0.0.1:80", "10.0.0.2:80");
  }

  @Test
  void allWeightsZeroGivesNone() {
    WeightedRoundRobin wrr = new WeightedRoundRobin();
    List<RealServer> list = List.of(server("10.0.0.1:80", 0));
    wrr.changed(list);
    assertThat(wrr.schedule(list, 0, Servers.PACKET, true).reason())
        .isEqualTo("wrr: no destination available");
  }
}
