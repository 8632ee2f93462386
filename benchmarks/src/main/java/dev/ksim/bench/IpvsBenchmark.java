package dev.ksim.bench;

import dev.ksim.ipvs.Destination;
import dev.ksim.ipvs.Ipvs;
import dev.ksim.ipvs.IpvsSysctls;
import dev.ksim.ipvs.ServiceFlags;
import dev.ksim.ipvs.ServiceKey;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.net.IpPort;
import dev.ksim.net.Packet;
import dev.ksim.net.Protocol;
import dev.ksim.netfilter.Hook;
import dev.ksim.netfilter.HookResult;
import dev.ksim.netfilter.eval.Recording;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * IPVS's cost per packet (issue 12): the first packet of a new connection against 100 to 50,000
 * virtual services (a hash lookup of the service, the scheduler, a new connection entry: flat in
 * the number of services, unlike an iptables KUBE-SERVICES walk), and a packet of an established
 * connection (a connection-table lookup). Each first packet comes 61 s after the previous one, so
 * the previous connection (SYN_RECV, 60 s) expires and the table stays small.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class IpvsBenchmark {
  @Param({"100", "1000", "10000", "50000"})
  public int services;

  private final long[] now = {0};
  private Ipvs ipvs = new Ipvs(() -> 1, () -> 0L);
  private Packet[] firstPackets = new Packet[0];
  private Packet established = Packet.first(Protocol.TCP, ip(1, 1), ip(2, 2));
  private int next;
  private int seed = 1;

  private static IpPort ip(int address, int port) {
    return new IpPort(IpAddress.ofV4(address), port);
  }

  @Setup(Level.Trial)
  public void setUp() {
    ipvs =
        new Ipvs(
            () -> {
              seed = seed * 1_103_515_245 + 12_345;
              return seed;
            },
            () -> now[0]);
    int base = 0x0A600000;
    firstPackets = new Packet[services];
    for (int i = 0; i < services; i++) {
      IpPort vip = ip(base + i, 80);
      ServiceKey key = ServiceKey.of(Protocol.TCP, vip);
      ipvs.addService(key, "rr", ServiceFlags.none(IpFamily.IPV4));
      ipvs.addDestination(key, Destination.masq(ip(0x0AF40000 + 2 * i, 8080)));
      ipvs.addDestination(key, Destination.masq(ip(0x0AF40000 + 2 * i + 1, 8080)));
      firstPackets[i] = Packet.first(Protocol.TCP, ip(0xC0A85001, 40000), vip);
    }
    established = Packet.first(Protocol.TCP, ip(0xC0A85002, 50000), ip(base, 80));
    ipvs.request(Hook.INPUT, established, IpvsSysctls.DEFAULTS, a -> false, Recording.NONE);
    established = established.withTcpFlags(Packet.ACK);
  }

  /** The first packet (SYN) of a new connection to one of the services, in turn. */
  @Benchmark
  public HookResult firstPacket() {
    now[0] += 61_000;
    Packet packet = firstPackets[next];
    next = next + 1 == firstPackets.length ? 0 : next + 1;
    return ipvs.request(Hook.INPUT, packet, IpvsSysctls.DEFAULTS, a -> false, Recording.NONE);
  }

  /** A packet of a connection IPVS already has. */
  @Benchmark
  public HookResult establishedPacket() {
    return ipvs.request(Hook.INPUT, established, IpvsSysctls.DEFAULTS, a -> false, Recording.NONE);
  }
}
