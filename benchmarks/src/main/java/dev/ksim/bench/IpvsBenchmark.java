package dev.ksim.bench;

import dev.ksim.net.Packet;
import dev.ksim.netfilter.hook.HookResult;
import dev.ksim.scaling.IpvsTable;
import dev.ksim.scaling.ServiceWorkload;
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
 * IPVS's cost per packet (issue 12), on {@code ksim bench}'s workload ({@link IpvsTable}: a virtual
 * service per Service with {@code endpoints} real servers): the first packet of a new connection
 * against 100 to 50,000 virtual services (a hash lookup of the service, the scheduler, a new
 * connection entry: flat in the number of services, unlike an iptables KUBE-SERVICES walk), and a
 * packet of an established connection (a connection-table lookup). Each first packet comes 61 s
 * after the previous one, so the previous connection (SYN_RECV, 60 s) expires and the table stays
 * small.
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

  @Param({"10"})
  public int endpoints;

  private IpvsTable table = new IpvsTable(new ServiceWorkload(1, 1, "ipvs"));
  private Packet[] firstPackets = new Packet[0];
  private Packet established = table.firstPacket(0);
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    table = new IpvsTable(new ServiceWorkload(services, endpoints, "ipvs"));
    firstPackets = new Packet[services];
    for (int i = 0; i < services; i++) {
      firstPackets[i] = table.firstPacket(i);
    }
    established = table.establishedPacket(0);
  }

  /** The first packet (SYN) of a new connection to one of the services, in turn. */
  @Benchmark
  public HookResult firstPacket() {
    Packet packet = firstPackets[next];
    next = next + 1 == firstPackets.length ? 0 : next + 1;
    return table.sendFirst(packet);
  }

  /** A packet of a connection IPVS already has. */
  @Benchmark
  public HookResult establishedPacket() {
    return table.send(established);
  }
}
