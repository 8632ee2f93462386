package dev.ksim.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A mode measured in its own process counts what the same series counts in this one. */
@Timeout(120)
class ModeProcessTest {
  private static final Effort SHORT = new Effort(1, 3, 5, 0, 1);

  @Test
  void eachRowOfAModesProcessCountsWhatTheSeriesCountsHere() throws InterruptedException {
    List<Integer> sizes = List.of(3, 7);
    try (ModeProcess process = ModeProcess.start("iptables", sizes, 2, SHORT)) {
      for (int size : sizes) {
        BenchRow there = process.next().orElseThrow();
        BenchRow here =
            new ProxierSeries("iptables").measure(new ServiceWorkload(size, 2, "iptables"), SHORT);

        assertThat(there.mode()).isEqualTo("iptables");
        assertThat(there.services()).isEqualTo(size);
        assertThat(there.endpoints()).isEqualTo(2);
        assertThat(there.counted()).isEqualTo(here.counted());
        assertThat(there.ksimTime()).containsOnlyKeys(Probe.values());
        assertThat(there.fullSync()).isNotNull();
      }
    }
  }
}
