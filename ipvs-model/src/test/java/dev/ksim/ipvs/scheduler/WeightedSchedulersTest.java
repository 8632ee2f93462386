package dev.ksim.ipvs.scheduler;

import static dev.ksim.ipvs.scheduler.Servers.PACKET;
import static dev.ksim.ipvs.scheduler.Servers.load;
import static dev.ksim.ipvs.scheduler.Servers.server;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.ipvs.RealServer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** fo, ovf and twos as ip_vs_fo.c, ip_vs_ovf.c and ip_vs_twos.c choose. */
class WeightedSchedulersTest {
  private static String pick(Scheduler scheduler, List<RealServer> servers) {
    RealServer chosen = scheduler.schedule(servers, 0, PACKET, false).server();
    return chosen == null ? "none" : chosen.address().toString();
  }

  @Test
  void foTakesTheHighestWeightFirstOnTies() {
    RealServer a = load(server("10.0.0.1:80", 5), 100, 0);
    RealServer b = server("10.0.0.2:80", 10);
    RealServer c = server("10.0.0.3:80", 10);
    assertThat(pick(Servers.create("fo"), List.of(a, b, c))).isEqualTo("10.0.0.2:80");
    assertThat(pick(Servers.create("fo"), List.of(a, c, b))).isEqualTo("10.0.0.3:80");
  }

  @Test
  void ovfOverflowsOnceActiveConnectionsExceedTheWeight() {
    RealServer primary = load(server("10.0.0.1:80", 2), 2, 0);
    RealServer spare = server("10.0.0.2:80", 1);
    // 2 active is not above weight 2: still the primary
    assertThat(pick(Servers.create("ovf"), List.of(spare, primary))).isEqualTo("10.0.0.1:80");
    primary.bind(false, true);
    assertThat(pick(Servers.create("ovf"), List.of(spare, primary))).isEqualTo("10.0.0.2:80");
  }

  @Test
  void twosDrawsFromTheSeededSourceAndPrefersTheLessLoaded() {
    RealServer a = server("10.0.0.1:80", 1);
    RealServer b = load(server("10.0.0.2:80", 1), 1, 0);
    Map<String, Integer> counts = new TreeMap<>();
    Scheduler twos = Servers.create("twos");
    for (int i = 0; i < 200; i++) {
      counts.merge(pick(twos, List.of(a, b)), 1, Integer::sum);
    }
    // b is only chosen when both draws land on it
    assertThat(counts.get("10.0.0.1:80")).isGreaterThan(counts.getOrDefault("10.0.0.2:80", 0));
    Scheduler again = Servers.create("twos");
    Map<String, Integer> repeat = new TreeMap<>();
    for (int i = 0; i < 200; i++) {
      repeat.merge(pick(again, List.of(a, b)), 1, Integer::sum);
    }
    assertThat(repeat).isEqualTo(counts);
  }
}
