package dev.ksim.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KeyTableTest {
  private record Entry(ObjectKey key, int value) implements KeyTable.Keyed {}

  /**
   * Random adds, lookups and removals over few names (so that runs collide, wrap around the table's
   * end and are closed by removals) give what a {@code HashMap} of the same keys gives at every
   * step, and the table's entries are the map's at the end; the table grows from 16 places to
   * thousands on the way.
   */
  @Test
  void answersAsAHashMapOverRandomAddsAndRemovals() {
    SplittableRandom random = new SplittableRandom(16);
    KeyTable<Entry> table = new KeyTable<>();
    Map<ObjectKey, Entry> expected = new HashMap<>();
    for (int step = 0; step < 200_000; step++) {
      int names = step < 100_000 ? 5_000 : 40;
      ObjectKey key = key(random.nextInt(names), random.nextInt(3));
      switch (random.nextInt(4)) {
        case 0, 1 -> {
          Entry entry = new Entry(key, step);
          assertThat(table.putIfAbsent(entry)).isEqualTo(expected.putIfAbsent(key, entry));
        }
        case 2 -> assertThat(table.remove(key)).isEqualTo(expected.remove(key));
        default -> assertThat(table.get(key)).isEqualTo(expected.get(key));
      }
      assertThat(table.size()).isEqualTo(expected.size());
    }
    for (ObjectKey key : expected.keySet()) {
      assertThat(table.get(key)).isSameAs(expected.get(key));
    }
    List<Entry> held = new ArrayList<>();
    table.forEach(held::add);
    assertThat(held).containsExactlyInAnyOrderElementsOf(expected.values());
  }

  /**
   * Removing entries from the middle, the first and the last added leaves every other reachable.
   */
  @Test
  void removingFromALongRunLeavesEveryOtherEntryReachable() {
    KeyTable<Entry> table = new KeyTable<>();
    List<Entry> added = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      Entry entry = new Entry(key(i, 0), i);
      table.putIfAbsent(entry);
      added.add(entry);
    }
    for (Entry removed : List.of(added.get(3), added.get(0), added.get(6))) {
      assertThat(table.remove(removed.key())).isSameAs(removed);
      assertThat(table.remove(removed.key())).isNull();
      added.remove(removed);
      for (Entry left : added) {
        assertThat(table.get(left.key())).isSameAs(left);
      }
    }
  }

  /**
   * A run that wraps around the end of the table: one key whose home is place 14 of the first 16,
   * two whose home is 15 (places 15 and 0) and one whose home is 0 (place 1). Removing the first
   * frees place 14, and each later entry must stay where it is: moving one back across the end,
   * before its home, would lose it. Then removing the others frees places across the end again. The
   * homes are worked out as the table works them out (Fibonacci hashing, the top four bits).
   */
  @Test
  void removingFromARunAcrossTheEndLeavesEveryOtherEntryReachable() {
    Entry first = entriesWithHome(14, 1).get(0);
    List<Entry> lastHome = entriesWithHome(15, 2);
    Entry wrapped = entriesWithHome(0, 1).get(0);
    KeyTable<Entry> table = new KeyTable<>();
    List<Entry> added = new ArrayList<>(List.of(first, lastHome.get(0), lastHome.get(1), wrapped));
    added.forEach(table::putIfAbsent);

    for (Entry removed : List.of(first, lastHome.get(0), wrapped)) {
      assertThat(table.remove(removed.key())).isSameAs(removed);
      added.remove(removed);
      for (Entry left : added) {
        assertThat(table.get(left.key())).isSameAs(left);
      }
    }
    assertThat(table.size()).isEqualTo(1);
  }

  private static List<Entry> entriesWithHome(int home, int count) {
    List<Entry> entries = new ArrayList<>();
    for (int name = 0; entries.size() < count; name++) {
      ObjectKey key = key(name, 9);
      if ((key.hashCode() * 0x9e3779b9) >>> 28 == home) {
        entries.add(new Entry(key, name));
      }
    }
    return entries;
  }

  private static ObjectKey key(int name, int namespace) {
    return new ObjectKey(ResourceType.POD, "ns-" + namespace, "pod-" + name);
  }
}
