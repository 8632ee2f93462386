package dev.ksim.netfilter.conntrack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.net.IpAddress;
import dev.ksim.net.IpPort;
import dev.ksim.net.Packet;
import dev.ksim.net.Protocol;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Expiry and the garbage collector: what is past its timeout is invisible, then reaped. */
class ConntrackTableTest {
  private static final IpPort SERVER = new IpPort(IpAddress.parse("10.96.0.10"), 80);

  private static Packet syn(int port) {
    return Packet.first(Protocol.TCP, new IpPort(IpAddress.parse("10.0.0.1"), port), SERVER);
  }

  /** Opens and closes one connection at {@code now}, leaving its entry in TIME_WAIT. */
  private static void closed(ConntrackTable table, int port, long now) {
    Packet syn = syn(port);
    ConntrackEntry entry = table.confirm(table.newEntry(syn, now));
    Packet reply = syn.reversed().withTcpFlags(Packet.SYN | Packet.ACK);
    entry = table.update(entry, reply, ConntrackTable.Direction.REPLY, now);
    entry =
        table.update(entry, syn.withTcpFlags(Packet.ACK), ConntrackTable.Direction.ORIGINAL, now);
    entry =
        table.update(
            entry,
            syn.withTcpFlags(Packet.FIN | Packet.ACK),
            ConntrackTable.Direction.ORIGINAL,
            now);
    entry =
        table.update(
            entry,
            reply.withTcpFlags(Packet.FIN | Packet.ACK),
            ConntrackTable.Direction.REPLY,
            now);
    table.update(entry, syn.withTcpFlags(Packet.ACK), ConntrackTable.Direction.ORIGINAL, now);
  }

  @Test
  void aPacketThatChangesNothingLeavesTheSameEntry() {
    ConntrackTable table = new ConntrackTable();
    Packet syn = syn(40000);
    ConntrackEntry entry = table.confirm(table.newEntry(syn, 0));
    ConntrackEntry again = table.update(entry, syn, ConntrackTable.Direction.ORIGINAL, 0);
    ConntrackEntry later = table.update(entry, syn, ConntrackTable.Direction.ORIGINAL, 1);

    assertThat(again).isSameAs(entry);
    assertThat(later)
        .isNotSameAs(entry)
        .isEqualTo(
            entry.with(
                entry.tcpState(), entry.status(), 1 + TcpState.SYN_SENT.timeout().toMillis()));
    assertThat(later.expiresAtMillis()).isEqualTo(1 + TcpState.SYN_SENT.timeout().toMillis());
    assertThat(table.lookup(Tuple.of(syn), 1).orElseThrow().entry()).isSameAs(later);
  }

  @Test
  void anEntryPastItsTimeoutIsNotFound() {
    ConntrackTable table = new ConntrackTable();
    closed(table, 40000, 0);
    long timeWait = TcpState.TIME_WAIT.timeout().toMillis();
    Tuple tuple = Tuple.of(syn(40000));

    assertThat(table.lookup(tuple, timeWait - 1)).isPresent();
    assertThat(table.entries(timeWait - 1)).hasSize(1);
    assertThat(table.entries(timeWait)).isEmpty();
    assertThat(table.lookup(tuple, timeWait)).isEmpty();
    assertThat(table.size()).isZero();
  }

  @Test
  void theCollectorReapsClosedConnectionsSoTheTableHoldsWhatIsLive() {
    ConntrackTable table = new ConntrackTable();
    long interval = 10;
    int connections = 60_000;
    for (int i = 0; i < connections; i++) {
      closed(table, 1024 + i, i * interval);
    }
    long now = (connections - 1) * interval;
    long live = table.entries(now).size();
    long timeWait = TcpState.TIME_WAIT.timeout().toMillis();

    assertThat(live).isEqualTo(timeWait / interval);
    // what is not reaped yet waits at most for the next walk (60 s) and its runs
    assertThat(table.size())
        .isLessThan(connections / 2)
        .isLessThanOrEqualTo(
            (int) (live + Duration.ofSeconds(61).toMillis() / interval + GcWorker.EXPIRED_MAX + 1));
  }

  /** The collector reads the expiry of each entry's latest state, not of its first packet. */
  @Test
  void theCollectorReapsByEachEntrysLatestExpiry() {
    ConntrackTable table = new ConntrackTable();
    Packet syn = syn(40000);
    ConntrackEntry established = table.confirm(table.newEntry(syn, 0));
    established =
        table.update(
            established,
            syn.reversed().withTcpFlags(Packet.SYN | Packet.ACK),
            ConntrackTable.Direction.REPLY,
            0);
    table.update(established, syn.withTcpFlags(Packet.ACK), ConntrackTable.Direction.ORIGINAL, 0);
    Packet other = syn(40001);
    table.update(
        table.confirm(table.newEntry(other, 0)),
        other.withTcpFlags(Packet.RST),
        ConntrackTable.Direction.ORIGINAL,
        0);
    long minute = Duration.ofMinutes(1).toMillis();

    table.newEntry(syn(65000), minute);
    assertThat(table.size()).isEqualTo(1);
    table.newEntry(syn(65001), 10 * minute);
    assertThat(table.size()).isEqualTo(1);
    assertThat(table.entries(10 * minute))
        .extracting(ConntrackEntry::tcpState)
        .containsExactly(TcpState.ESTABLISHED);
  }

  @Test
  void oneRunReapsABoundedNumberAndTheNextOneGoesOn() {
    ConntrackTable table = new ConntrackTable();
    int connections = 1000;
    for (int i = 0; i < connections; i++) {
      closed(table, 1024 + i, 0);
    }
    long later = Duration.ofMinutes(10).toMillis();

    table.newEntry(syn(65000), later);
    int afterOneRun = table.size();
    table.newEntry(syn(65001), later);
    int sameMillisecond = table.size();
    table.newEntry(syn(65002), later + 1);

    assertThat(afterOneRun).isEqualTo(connections - GcWorker.EXPIRED_MAX - 1);
    assertThat(sameMillisecond).isEqualTo(afterOneRun);
    assertThat(table.size()).isEqualTo(afterOneRun - GcWorker.EXPIRED_MAX - 1);
    assertThat(table.entries(later)).isEmpty();
  }

  @Test
  void reapingKeepsTheOrderOfTheLiveEntries() {
    ConntrackTable table = new ConntrackTable();
    for (int i = 0; i < 200; i++) {
      closed(table, 1024 + i, i * 1000L);
    }
    long now = 200 * 1000L;
    table.newEntry(syn(65000), now);

    assertThat(table.entries(now))
        .extracting(e -> e.original().sourcePort())
        .containsExactlyElementsOf(IntStream.range(1024 + 81, 1024 + 200).boxed().toList());
  }

  /**
   * {@code track} is {@code lookup}, {@code reopens} and {@code update} in one lookup: each packet
   * of a connection's life, then a SYN reopening its tuple in TIME_WAIT and one after its timeout,
   * leaves both tables with the same entries and finds the same entry and direction.
   */
  @Test
  void trackingAPacketIsLookingItUpThenUpdatingItsEntry() {
    ConntrackTable tracked = new ConntrackTable();
    ConntrackTable stepwise = new ConntrackTable();
    Packet syn = syn(40000);
    Packet reply = syn.reversed().withTcpFlags(Packet.SYN | Packet.ACK);
    tracked.confirm(tracked.newEntry(syn, 0));
    stepwise.confirm(stepwise.newEntry(syn, 0));
    List<Packet> life =
        List.of(
            reply,
            syn.withTcpFlags(Packet.ACK),
            syn.withTcpFlags(Packet.FIN | Packet.ACK),
            reply.withTcpFlags(Packet.FIN | Packet.ACK),
            syn.withTcpFlags(Packet.ACK),
            syn,
            reply.withTcpFlags(Packet.ACK));
    long now = 0;
    for (Packet packet : life) {
      now += 10;
      long when = now;
      ConntrackTable.Found found = tracked.track(packet, now);
      Optional<ConntrackTable.Found> looked = stepwise.lookup(Tuple.of(packet), now);
      if (looked.isPresent() && ConntrackTable.reopens(looked.get(), packet)) {
        stepwise.remove(looked.get().entry());
        looked = Optional.empty();
      }
      Optional<ConntrackTable.Found> expected =
          looked.map(
              f ->
                  new ConntrackTable.Found(
                      stepwise.update(f.entry(), packet, f.direction(), when), f.direction()));

      assertThat(Optional.ofNullable(found)).as("after %s", packet).isEqualTo(expected);
      assertThat(tracked.entries(now)).isEqualTo(stepwise.entries(now));
    }
    long expired = now + Duration.ofDays(6).toMillis();
    tracked.confirm(tracked.newEntry(syn, now));

    assertThat(tracked.track(reply.withTcpFlags(Packet.ACK), expired)).isNull();
    assertThat(tracked.size()).isZero();
  }
}
