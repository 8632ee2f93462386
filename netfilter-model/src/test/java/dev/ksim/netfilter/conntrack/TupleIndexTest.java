package dev.ksim.netfilter.conntrack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.net.IpAddress;
import dev.ksim.net.Protocol;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The slot-chained tuple index against the map from tuple to slot it replaced: the same slot (or
 * none) for every tuple (TCP, UDP and ICMP; IPv4 and IPv6; a probe checked again after the next
 * step), through random additions, removals, re-indexing with new tuples, tuples taken over by a
 * later slot, entries whose two tuples are equal or share a bucket, and the growths that many
 * entries cause.
 */
class TupleIndexTest {
  /**
   * IPv4 addresses and two IPv6 ones whose low halves are 10.0.0.1's and 10.0.0.2's: only the
   * family, or the high half, tells those apart.
   */
  private static final IpAddress[] ADDRESSES = {
    IpAddress.parse("10.0.0.1"),
    IpAddress.parse("10.0.0.2"),
    IpAddress.parse("10.96.0.10"),
    IpAddress.parse("::a00:1"),
    IpAddress.parse("fd00::a00:2")
  };

  private static final Protocol[] PROTOCOLS = {Protocol.TCP, Protocol.UDP, Protocol.ICMP};

  private static Tuple tuple(SplittableRandom random, int ports) {
    return new Tuple(
        PROTOCOLS[random.nextInt(PROTOCOLS.length)],
        ADDRESSES[random.nextInt(ADDRESSES.length)],
        ADDRESSES[random.nextInt(ADDRESSES.length)],
        1 + random.nextInt(ports),
        1 + random.nextInt(ports));
  }

  private static ConntrackEntry entry(long id, Tuple original, Tuple reply) {
    return new ConntrackEntry(id, original, reply, null, Set.of(), id, 0);
  }

  @Test
  void findsWhatAMapOfBothTuplesFinds() {
    for (int ports : new int[] {2, 40, 3000}) {
      SplittableRandom random = new SplittableRandom(ports);
      TupleIndex index = new TupleIndex();
      Map<Tuple, Slot> reference = new HashMap<>();
      List<Slot> held = new ArrayList<>();
      long nextId = 1;
      Tuple probe = tuple(random, ports);
      for (int step = 0; step < 60_000; step++) {
        int action = random.nextInt(10);
        if (action < 5 || held.isEmpty()) {
          Tuple original = tuple(random, ports);
          // a reply that is the original inverted, the original itself, or another tuple
          int kind = random.nextInt(8);
          Tuple reply =
              kind == 0 ? original : kind == 1 ? tuple(random, ports) : original.inverted();
          Slot slot = new Slot(entry(nextId++, original, reply));
          index.add(slot);
          reference.put(original, slot);
          reference.put(reply, slot);
          held.add(slot);
        } else if (action < 8) {
          Slot slot = held.remove(random.nextInt(held.size()));
          index.remove(slot);
          reference.remove(slot.original, slot);
          reference.remove(slot.reply, slot);
        } else {
          // NAT's new reply tuple: the slot indexed again
          Slot slot = held.get(random.nextInt(held.size()));
          index.remove(slot);
          reference.remove(slot.original, slot);
          reference.remove(slot.reply, slot);
          Tuple reply = tuple(random, ports);
          slot.hold(entry(slot.id, slot.original, reply));
          index.add(slot);
          reference.put(slot.original, slot);
          reference.put(reply, slot);
        }
        // the last tuple probed again after the step, then a new one
        assertThat(index.find(probe)).isSameAs(reference.get(probe));
        probe = tuple(random, ports);
        assertThat(index.find(probe)).isSameAs(reference.get(probe));
        if (step % 4999 == 0) {
          for (Map.Entry<Tuple, Slot> indexed : reference.entrySet()) {
            assertThat(index.find(indexed.getKey())).isSameAs(indexed.getValue());
          }
        }
      }
      for (Slot slot : held) {
        index.remove(slot);
      }
      for (Tuple tuple : reference.keySet()) {
        assertThat(index.find(tuple)).isNull();
      }
    }
  }

  @Test
  void findsNothingOnceCleared() {
    TupleIndex index = new TupleIndex();
    Tuple tuple = tuple(new SplittableRandom(1), 100);
    index.add(new Slot(entry(1, tuple, tuple.inverted())));
    index.clear();
    assertThat(index.find(tuple)).isNull();
    assertThat(index.find(tuple.inverted())).isNull();
  }

  @Test
  void aSlotWhoseTuplesLaterSlotsTookIsRemovedWithoutTakingThemAndTwiceAsOnce() {
    TupleIndex index = new TupleIndex();
    Tuple original = tuple(new SplittableRandom(2), 100);
    Slot old = new Slot(entry(1, original, original.inverted()));
    index.add(old);
    Slot byOriginal = new Slot(entry(2, original, tuple(new SplittableRandom(3), 100)));
    index.add(byOriginal);
    Slot byReply = new Slot(entry(3, tuple(new SplittableRandom(4), 100), original.inverted()));
    index.add(byReply);
    index.remove(old);
    index.remove(old);
    assertThat(index.find(original)).isSameAs(byOriginal);
    assertThat(index.find(original.inverted())).isSameAs(byReply);
    index.remove(byOriginal);
    index.remove(byOriginal);
    assertThat(index.find(original)).isNull();
    assertThat(index.find(original.inverted())).isSameAs(byReply);
  }
}
