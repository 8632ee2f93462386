package dev.ksim.ipvs.scheduler;

import static dev.ksim.ipvs.scheduler.Servers.load;
import static dev.ksim.ipvs.scheduler.Servers.server;
import static dev.ksim.ipvs.scheduler.Servers.syn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.ipvs.RealServer;
import dev.ksim.net.Packet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** lblc and lblcr as ip_vs_lblc.c and ip_vs_lblcr.c choose. */
class LocalitySchedulersTest {
  private final long[] now = {0};
  private final SchedulerContext context = new SchedulerContext(() -> 4, () -> now[0]);
  private static final Packet TO_CACHE = syn("10.0.0.9:1234", "203.0.113.7:80");

  @Test
  void lblcKeepsADestinationOnItsServerUntilItOverloads() {
    RealServer a = server("10.0.0.1:80", 2);
    RealServer b = server("10.0.0.2:80", 2);
    Scheduler lblc = Schedulers.create("lblc", context).orElseThrow();
    List<RealServer> list = List.of(a, b);
    assertThat(lblc.schedule(list, 0, TO_CACHE, false).server()).isSameAs(a);
    load(a, 2, 0);
    // cached and not overloaded (2 active is not above weight 2)
    assertThat(lblc.schedule(list, 0, TO_CACHE, true).reason())
        .isEqualTo("lblc chose 10.0.0.1:80: cached for destination 203.0.113.7");
    // 3 active > weight 2 while b has 0*2 < 2: overloaded, wlc picks b and the entry moves
    a.bind(false, true);
    assertThat(lblc.schedule(list, 0, TO_CACHE, false).server()).isSameAs(b);
    assertThat(lblc.schedule(list, 0, TO_CACHE, false).server()).isSameAs(b);
  }

  @Test
  void lblcForgetsEntriesAfterTheExpiration() {
    RealServer a = server("10.0.0.1:80", 1);
    RealServer b = server("10.0.0.2:80", 1);
    Scheduler lblc = Schedulers.create("lblc", context).orElseThrow();
    assertThat(lblc.schedule(List.of(a, b), 0, TO_CACHE, false).server()).isSameAs(a);
    load(a, 0, 1);
    assertThat(lblc.schedule(List.of(a, b), 0, TO_CACHE, false).server()).isSameAs(a);
    now[0] = LocalityBasedLeastConnection.EXPIRATION_MILLIS + 1;
    // the entry expired: wlc over both, b has less overhead
    assertThat(lblc.schedule(List.of(a, b), 0, TO_CACHE, false).server()).isSameAs(b);
  }

  @Test
  void lblcrAddsTheWlcChoiceToAnOverloadedSet() {
    RealServer a = server("10.0.0.1:80", 1);
    RealServer b = server("10.0.0.2:80", 1);
    Scheduler lblcr = Schedulers.create("lblcr", context).orElseThrow();
    List<RealServer> list = List.of(a, b);
    assertThat(lblcr.schedule(list, 0, TO_CACHE, false).server()).isSameAs(a);
    load(a, 2, 0);
    assertThat(lblcr.schedule(list, 0, TO_CACHE, true).reason())
        .isEqualTo(
            "lblcr chose 10.0.0.2:80: the set cached for 203.0.113.7 is overloaded; joins the set");
    // the set {b, a}: b is the least loaded member now
    assertThat(lblcr.schedule(list, 0, TO_CACHE, false).server()).isSameAs(b);
  }
}
