package dev.ksim.netfilter.conntrack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.net.IpAddress;
import dev.ksim.net.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The id-ordered slot array against a sorted map of the same entries: the same entries in the same
 * order, and a walk resumed from an id starts at the same entry, through appends, additions out of
 * id order, removals, entries added back, and the compactions and growths they cause.
 */
class EntryOrderTest {
  private static ConntrackEntry entry(long id) {
    Tuple tuple =
        new Tuple(
            Protocol.UDP,
            IpAddress.parse("10.0.0.1"),
            IpAddress.parse("10.0.0.2"),
            (int) (id % 60000) + 1,
            53);
    return new ConntrackEntry(id, tuple, tuple.inverted(), null, Set.of(), id, 0);
  }

  @Test
  void holdsWhatASortedMapOfTheSameEntriesHolds() {
    SplittableRandom random = new SplittableRandom(16);
    EntryOrder order = new EntryOrder();
    NavigableMap<Long, Slot> reference = new TreeMap<>();
    long nextId = 1;
    for (int step = 0; step < 200_000; step++) {
      int action = random.nextInt(10);
      if (action < 5) {
        // mostly the next id; now and then one a few ids back (confirmed after a younger one)
        long id = random.nextInt(8) == 0 && nextId > 10 ? nextId - 1 - random.nextInt(10) : nextId;
        nextId = Math.max(nextId, id + 1);
        Slot known = order.find(id);
        if (known == null) {
          reference.put(id, order.add(entry(id)));
        } else if (known.removed) {
          order.restore(known, entry(id));
          reference.put(id, known);
        }
      } else if (!reference.isEmpty()) {
        long probe = 1 + (long) random.nextInt((int) nextId);
        Map.Entry<Long, Slot> victim = reference.ceilingEntry(probe);
        if (victim != null) {
          order.remove(victim.getValue());
          reference.remove(victim.getKey());
        }
      }
      if (step % 997 == 0) {
        assertSame(order, reference, 1 + (long) random.nextInt((int) nextId));
      }
    }
    assertSame(order, reference, 1);
  }

  private static void assertSame(
      EntryOrder order, NavigableMap<Long, Slot> reference, long resumeAt) {
    List<Long> held = new ArrayList<>();
    order.forEach(slot -> held.add(slot.id));
    assertThat(held).containsExactlyElementsOf(reference.keySet());
    assertThat(order.size()).isEqualTo(reference.size());
    Long expected = reference.ceilingKey(resumeAt);
    int at = order.from(resumeAt);
    while (at < order.end() && order.at(at).removed) {
      at++;
    }
    assertThat(at < order.end() ? order.at(at).id : null).isEqualTo(expected);
  }
}
