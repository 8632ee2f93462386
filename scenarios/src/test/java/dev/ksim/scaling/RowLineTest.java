package dev.ksim.scaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class RowLineTest {
  private static BenchRow row(@Nullable Timing sync) {
    Map<Probe, CountedWork> counted = new EnumMap<>(Probe.class);
    Map<Probe, Timing> times = new EnumMap<>(Probe.class);
    int i = 0;
    for (Probe probe : Probe.values()) {
      counted.put(probe, new CountedWork(50_007L + i, i, 1));
      times.put(probe, new Timing(4_612.345678 + i, 1.0 / 3, 9_999.5));
      i++;
    }
    return new BenchRow("iptables", 50_000, 10, counted, times, sync, null, 53_211, "kube-proxy");
  }

  @Test
  void aRowComesBackWithEveryFigureExact() {
    BenchRow row = row(new Timing(1.78e10, 1.7e10, 2.0000000001e10));

    assertThat(RowLine.decode(RowLine.encode(row))).isEqualTo(row);
  }

  @Test
  void aSyncThatWasNotMeasuredComesBackAsNone() {
    BenchRow row = row(null);

    assertThat(RowLine.decode(RowLine.encode(row))).isEqualTo(row);
    assertThat(RowLine.decode(RowLine.encode(row)).fullSync()).isNull();
  }

  @Test
  void refusesALineWithWordsMissingOrLeftOver() {
    String line = RowLine.encode(row(null));

    assertThatThrownBy(() -> RowLine.decode(line.substring(0, line.lastIndexOf(' '))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RowLine.decode(line + " 1"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
