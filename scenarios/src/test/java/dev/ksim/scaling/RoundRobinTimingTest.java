package dev.ksim.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@link RoundRobinTiming} runs, and in which order; never how long it took. */
class RoundRobinTimingTest {
  @Test
  void eachRoundStartsOneOperationLaterAndEveryOperationGetsItsTiming() {
    List<String> calls = new ArrayList<>();
    Map<String, Runnable> operations = new LinkedHashMap<>();
    for (String name : List.of("a", "b", "c")) {
      operations.put(name, () -> calls.add(name));
    }

    Map<String, Timing> times = RoundRobinTiming.measure(operations, 0, 3, 1);

    assertThat(times.keySet()).containsExactly("a", "b", "c");
    // a batch during which the JVM happened to compile is run again at once: one call more
    assertThat(withoutRepeats(calls)).containsExactly("a", "b", "c", "b", "c", "a", "c", "a", "b");
  }

  @Test
  void aBatchDuringWhichTheJvmCollectedGarbageIsTimedAgain() {
    int[] runs = new int[1];
    Map<String, Runnable> operations =
        Map.of(
            "collects in its first batch",
            () -> {
              if (runs[0]++ == 0) {
                System.gc();
              }
            });

    RoundRobinTiming.measure(operations, 0, 5, 2);

    assertThat(runs[0]).isGreaterThanOrEqualTo(5 * 2 + 2);
  }

  @Test
  void theWarmUpRunsEveryOperationBeforeAnyIsTimed() {
    List<String> calls = new ArrayList<>();
    Map<String, Runnable> operations = new LinkedHashMap<>();
    for (String name : List.of("a", "b")) {
      operations.put(name, () -> calls.add(name));
    }

    RoundRobinTiming.measure(operations, 2, 1, 3);

    // two warm-up rounds at least (and as many more until one passes without compiling), then one
    assertThat(calls.size()).isGreaterThanOrEqualTo((2 + 1) * 2 * 3);
    assertThat(calls.subList(0, 12))
        .containsExactly("a", "a", "a", "b", "b", "b", "a", "a", "a", "b", "b", "b");
  }

  private static List<String> withoutRepeats(List<String> calls) {
    List<String> kept = new ArrayList<>();
    for (String call : calls) {
      if (kept.isEmpty() || !kept.get(kept.size() - 1).equals(call)) {
        kept.add(call);
      }
    }
    return kept;
  }
}
