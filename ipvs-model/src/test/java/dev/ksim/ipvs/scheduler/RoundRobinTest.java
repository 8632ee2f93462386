package dev.ksim.ipvs.scheduler;

import static dev.ksim.ipvs.scheduler.Servers.PACKET;
import static dev.ksim.ipvs.scheduler.Servers.picks;
import static dev.ksim.ipvs.scheduler.Servers.server;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.ipvs.RealServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** rr as net/netfilter/ipvs/ip_vs_rr.c schedules. */
class RoundRobinTest {
  private final RealServer a = server("10.0.0.1:80", 1);
  private final RealServer b = server("10.0.0.2:80", 1);
  private final RealServer c = server("10.0.0.3:80", 1);

  @Test
  void walksTheListFromTheHeadAndWraps() {
    Scheduler rr = new RoundRobin();
    assertThat(picks(rr, List.of(a, b, c), 5))
        .containsExactly("10.0.0.1:80", "10.0.0.2:80", "10.0.0.3:80", "10.0.0.1:80", "10.0.0.2:80");
  }

  @Test
  void skipsWeightZeroAndOverloadedServers() {
    RealServer quiescent = server("10.0.0.2:80", 0);
    RealServer full = server("10.0.0.4:80", 1);
    full.bind(false, false);
    RealServer limited = new RealServer(full.address(), full.forward(), 1, 1, 0, 0);
    limited.bind(false, false);
    assertThat(limited.isOverloaded()).isTrue();
    Scheduler rr = new RoundRobin();
    assertThat(picks(rr, List.of(a, quiescent, limited, c), 3))
        .containsExactly("10.0.0.1:80", "10.0.0.3:80", "10.0.0.1:80");
  }

  @Test
  void noEligibleServerGivesNone() {
    Scheduler rr = new RoundRobin();
    assertThat(rr.schedule(List.of(server("10.0.0.1:80", 0)), 0, PACKET, true).reason())
        .isEqualTo("rr: no destination available");
  }

  @Test
  void explainsTheCursor() {
    Scheduler rr = new RoundRobin();
    List<RealServer> list = List.of(a, b);
    assertThat(rr.schedule(list, 0, PACKET, true).reason())
        .isEqualTo("rr chose 10.0.0.1:80 (first in list order)");
    assertThat(rr.schedule(list, 0, PACKET, true).reason())
        .isEqualTo("rr chose 10.0.0.2:80 (next after 10.0.0.1:80)");
  }

  @Test
  void removingTheCursorMovesItToThePreviousServer() {
    Scheduler rr = new RoundRobin();
    List<RealServer> list = new ArrayList<>(List.of(a, b, c));
    assertThat(picks(rr, list, 2)).containsExactly("10.0.0.1:80", "10.0.0.2:80");
    list.remove(1);
    rr.removed(list, b, 1);
    // the cursor is back on a: c is next
    assertThat(picks(rr, list, 2)).containsExactly("10.0.0.3:80", "10.0.0.1:80");
  }

  @Test
  void aServerAddedAtTheHeadWaitsForTheNextTurn() {
    Scheduler rr = new RoundRobin();
    List<RealServer> list = new ArrayList<>(List.of(a, b));
    assertThat(picks(rr, list, 1)).containsExactly("10.0.0.1:80");
    list.add(0, c);
    rr.added(list, c);
    assertThat(picks(rr, list, 3)).containsExactly("10.0.0.2:80", "10.0.0.3:80", "10.0.0.1:80");
  }
}
