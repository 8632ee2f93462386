package dev.ksim.node;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpPort;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.IntUnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The local ports of one network namespace's client sockets. A TCP connect picks its source port as
 * the kernel's {@code __inet_hash_connect} does: a start offset from a keyed hash of (source,
 * destination, destination port) plus a per-bucket perturbation, a walk over {@code
 * ip_local_port_range} (32768-60999) in steps of two (ports of the range's low parity first, then
 * the others), skipping every port whose connection to the same destination is still in TIME_WAIT;
 * after a success the bucket's perturbation grows by the ports walked plus a small random step. An
 * actively closed connection lingers in TIME_WAIT for 60 seconds ({@code TCP_TIMEWAIT_LEN}). UDP
 * sockets take a uniformly random port ({@code udp_lib_get_port}'s random start).
 *
 * @see <a
 *     href="https://github.com/torvalds/linux/blob/master/net/ipv4/inet_hashtables.c">inet_hashtables.c
 *     __inet_hash_connect</a>
 * @see <a
 *     href="https://www.kernel.org/doc/html/latest/networking/ip-sysctl.html">ip_local_port_range</a>
 */
public final class EphemeralPorts {
  /** The first port of the default {@code net.ipv4.ip_local_port_range}. */
  public static final int LOW = 32768;

  /** One past the last port of that range (60999). */
  public static final int HIGH = 61000;

  /** How many ports the range has. */
  public static final int COUNT = HIGH - LOW;

  /** How long an actively closed TCP connection stays in TIME_WAIT (TCP_TIMEWAIT_LEN). */
  public static final Duration TIME_WAIT = Duration.ofSeconds(60);

  /** INET_TABLE_PERTURB_SIZE: 1 << CONFIG_INET_TABLE_PERTURB_ORDER (16). */
  private static final int PERTURB_SIZE = 1 << 16;

  /** A connection as the port check sees it: the local end and the remote end. */
  private record FourTuple(IpAddress source, int port, IpPort destination) {
    /**
     * Written out rather than the record's generated method, which is slow until the JIT's last
     * tier and costs C2 a method-handle chain to compile: a connect looks up the ports it walks.
     * The same value as the generated one.
     */
    @Override
    public boolean equals(@Nullable Object other) {
      return other instanceof FourTuple that
          && port == that.port
          && source.equals(that.source)
          && destination.equals(that.destination);
    }

    @Override
    public int hashCode() {
      return (source.hashCode() * 31 + port) * 31 + destination.hashCode();
    }
  }

  private final HashFunction portOffsetHash;
  private final HashFunction perturbSeed;
  private final Map<Integer, Integer> perturb = new HashMap<>();
  private final LinkedHashMap<FourTuple, Long> timeWait = new LinkedHashMap<>();

  /**
   * The last connect's source and destination and their keyed hash: a client connects to the same
   * destination again and again ({@code curl --count}), and the hash is the same each time.
   */
  private @Nullable IpAddress hashedSource;

  private @Nullable IpPort hashedDestination;
  private long hashedOffset;

  /**
   * @param secret the kernel's {@code net_secret}, drawn once from the seeded source
   */
  public EphemeralPorts(long secret) {
    this.portOffsetHash = Hashing.sipHash24(secret, ~secret);
    this.perturbSeed = Hashing.sipHash24(~secret, secret);
  }

  /**
   * The port a TCP connect from {@code source} to {@code destination} gets at {@code nowMillis}, or
   * empty when every port of the range has a connection to that destination in TIME_WAIT ({@code
   * EADDRNOTAVAIL}); {@code randomBelow} is the kernel's {@code get_random_u32_below}.
   */
  public OptionalInt connect(
      IpAddress source, IpPort destination, long nowMillis, IntUnaryOperator randomBelow) {
    expire(nowMillis);
    long portOffset = portOffset(source, destination);
    int index = (int) (portOffset & (PERTURB_SIZE - 1));
    long offset = ((perturbation(index) + (portOffset >>> 32)) & 0xFFFF_FFFFL) % COUNT;
    offset &= ~1L;
    for (int parity = 0; parity < 2; parity++, offset++) {
      int port = (int) (LOW + offset);
      for (int i = 0; i < COUNT; i += 2, port += 2) {
        if (port >= HIGH) {
          port -= COUNT;
        }
        if (!timeWait.containsKey(new FourTuple(source, port, destination))) {
          int walked = Math.max(i, randomBelow.applyAsInt(8) * 2);
          perturb.put(index, perturbation(index) + walked + 2);
          return OptionalInt.of(port);
        }
      }
    }
    return OptionalInt.empty();
  }

  /** The keyed hash of a connection's source and destination, kept for the next connect. */
  private long portOffset(IpAddress source, IpPort destination) {
    if (source.equals(hashedSource) && destination.equals(hashedDestination)) {
      return hashedOffset;
    }
    long portOffset =
        portOffsetHash
            .newHasher()
            .putLong(source.high())
            .putLong(source.low())
            .putLong(destination.ip().high())
            .putLong(destination.ip().low())
            .putInt(destination.port())
            .hash()
            .asLong();
    hashedSource = source;
    hashedDestination = destination;
    hashedOffset = portOffset;
    return portOffset;
  }

  /** A UDP socket's port: uniformly random in the range. */
  public static int bindUdp(IntUnaryOperator randomBelow) {
    return LOW + randomBelow.applyAsInt(COUNT);
  }

  /** Records that the client closed its connection from {@code local} to {@code destination}. */
  public void closed(IpPort local, IpPort destination, long nowMillis) {
    FourTuple tuple = new FourTuple(local.ip(), local.port(), destination);
    timeWait.remove(tuple);
    timeWait.put(tuple, nowMillis + TIME_WAIT.toMillis());
  }

  /** Forgets every connection (a fresh namespace). */
  public void reset() {
    timeWait.clear();
  }

  /** TIME_WAIT ends in the order connections entered it: drop those whose time is up. */
  private void expire(long nowMillis) {
    Iterator<Long> ends = timeWait.values().iterator();
    while (ends.hasNext() && ends.next() <= nowMillis) {
      ends.remove();
    }
  }

  /** The bucket's perturbation; the kernel fills the table with random values once. */
  private int perturbation(int index) {
    Integer value = perturb.get(index);
    return value != null ? value : perturbSeed.hashInt(index).asInt();
  }
}
