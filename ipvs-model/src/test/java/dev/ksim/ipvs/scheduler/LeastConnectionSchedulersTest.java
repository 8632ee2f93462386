package dev.ksim.ipvs.scheduler;

import static dev.ksim.ipvs.scheduler.Servers.PACKET;
import static dev.ksim.ipvs.scheduler.Servers.load;
import static dev.ksim.ipvs.scheduler.Servers.server;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.ipvs.ForwardMethod;
import dev.ksim.ipvs.RealServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * lc, wlc, sed and nq as ip_vs_lc.c, ip_vs_wlc.c, ip_vs_sed.c and ip_vs_nq.c choose: overhead =
 * active x 256 + inactive (ip_vs_dest_conn_overhead), sed/nq's = active + 1.
 */
class LeastConnectionSchedulersTest {
  private static String pick(String name, List<RealServer> servers) {
    RealServer chosen = Servers.create(name).schedule(servers, 0, PACKET, false).server();
    return chosen == null ? "none" : chosen.address().toString();
  }

  @Test
  void lcTakesTheLeastOverheadAndTheFirstOnATie() {
    RealServer a = load(server("10.0.0.1:80", 1), 1, 0);
    RealServer b = load(server("10.0.0.2:80", 5), 0, 255);
    RealServer c = load(server("10.0.0.3:80", 1), 0, 255);
    assertThat(pick("lc", List.of(a, b, c))).isEqualTo("10.0.0.2:80");
    RealServer d = load(server("10.0.0.4:80", 1), 0, 256);
    assertThat(pick("lc", List.of(a, d))).isEqualTo("10.0.0.1:80");
  }

  @Test
  void lcIgnoresWeightBeyondZero() {
    RealServer heavy = load(server("10.0.0.1:80", 100), 1, 0);
    RealServer light = server("10.0.0.2:80", 1);
    RealServer quiescent = server("10.0.0.3:80", 0);
    assertThat(pick("lc", List.of(quiescent, heavy, light))).isEqualTo("10.0.0.2:80");
  }

  @Test
  void wlcDividesByWeight() {
    RealServer a = load(server("10.0.0.1:80", 1), 1, 0);
    RealServer b = load(server("10.0.0.2:80", 3), 2, 0);
    // 256/1 vs 512/3: b
    assertThat(pick("wlc", List.of(a, b))).isEqualTo("10.0.0.2:80");
    RealServer c = load(server("10.0.0.3:80", 2), 2, 0);
    // 512/2 == 256/1: the first in list order keeps it
    assertThat(pick("wlc", List.of(a, c))).isEqualTo("10.0.0.1:80");
    assertThat(pick("wlc", List.of(c, a))).isEqualTo("10.0.0.3:80");
  }

  @Test
  void wlcExplainsTheComparison() {
    RealServer a = load(server("10.0.0.1:80", 1), 1, 0);
    RealServer b = server("10.0.0.2:80", 1);
    assertThat(Servers.create("wlc").schedule(List.of(a, b), 0, PACKET, true).reason())
        .isEqualTo("wlc chose 10.0.0.2:80: overhead/weight 0/1 < 256/1 (10.0.0.1:80)");
  }

  @Test
  void sedIgnoresInactiveConnections() {
    RealServer a = load(server("10.0.0.1:80", 1), 0, 1000);
    RealServer b = load(server("10.0.0.2:80", 1), 1, 0);
    // (0+1)/1 < (1+1)/1
    assertThat(pick("sed", List.of(b, a))).isEqualTo("10.0.0.1:80");
    assertThat(pick("wlc", List.of(b, a))).isEqualTo("10.0.0.2:80");
  }

  @Test
  void nqTakesTheFirstIdleServerWhateverItsWeight() {
    RealServer busy = load(server("10.0.0.1:80", 10), 1, 0);
    RealServer idle = load(server("10.0.0.2:80", 1), 0, 50);
    assertThat(pick("nq", List.of(busy, idle))).isEqualTo("10.0.0.2:80");
    // sed compares (1+1)/10 with (0+1)/1 and keeps the busy one
    assertThat(pick("sed", List.of(busy, idle))).isEqualTo("10.0.0.1:80");
    RealServer busier = load(server("10.0.0.3:80", 1), 3, 0);
    // no idle server: (1+1)/10 < (3+1)/1
    assertThat(pick("nq", List.of(busier, busy))).isEqualTo("10.0.0.1:80");
  }

  @Test
  void overloadedServersAreSkipped() {
    RealServer limited =
        new RealServer(server("10.0.0.1:80", 1).address(), ForwardMethod.MASQ, 1, 2, 0, 0);
    load(limited, 0, 2);
    assertThat(limited.isOverloaded()).isTrue();
    RealServer other = load(server("10.0.0.2:80", 1), 5, 0);
    for (String name : List.of("lc", "wlc", "sed", "nq")) {
      assertThat(pick(name, List.of(limited, other))).as(name).isEqualTo("10.0.0.2:80");
    }
    // one connection ends: 1 * 4 < 2 * 3, the overload clears (no lower threshold)
    limited.unbind(false, false);
    assertThat(limited.isOverloaded()).isFalse();
  }

  @Test
  void allQuiescentGivesNone() {
    for (String name : List.of("lc", "wlc", "sed", "nq", "fo", "ovf", "twos", "lblc", "lblcr")) {
      assertThat(pick(name, List.of(server("10.0.0.1:80", 0)))).as(name).isEqualTo("none");
    }
  }
}
