package dev.ksim.bench;

import dev.ksim.net.Packet;
import dev.ksim.netfilter.eval.HookTraversal;
import dev.ksim.proxy.SyncResult;
import dev.ksim.scaling.Probe;
import dev.ksim.scaling.ProxiedCluster;
import dev.ksim.scaling.ServiceWorkload;
import java.util.List;
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
 * kube-proxy's modes at scale, the precise numbers behind {@code ksim bench}: on the same {@link
 * ServiceWorkload} and through the same {@link ProxiedCluster}, the first packet of a new
 * connection to the last Service (each from a client port of its own: ipvs mode's IPVS keeps the
 * connections it scheduled, so its connection table grows during a run, a hash table whose lookup
 * stays flat), a packet of an established connection, and one node's full sync. {@link
 * IpvsBenchmark} measures the IPVS model alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx6g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class KubeProxyModeBenchmark {
  @Param({"iptables", "ipvs", "nftables"})
  public String mode = "iptables";

  @Param({"1000", "10000"})
  public int services;

  @Param({"10"})
  public int endpoints;

  @SuppressWarnings("NullAway.Init") // set up by JMH before any benchmark runs
  private ProxiedCluster cluster;

  @SuppressWarnings("NullAway.Init")
  private Packet lastService;

  @SuppressWarnings("NullAway.Init")
  private Packet established;

  @Setup(Level.Trial)
  public void setUp() {
    ServiceWorkload workload = new ServiceWorkload(services, endpoints, mode);
    cluster = ProxiedCluster.start(workload);
    lastService = cluster.firstPacket(workload.serviceIndex(Probe.LAST));
    established = cluster.establishedPacket(workload.serviceIndex(Probe.ESTABLISHED));
  }

  /** The first packet of a new connection to the last Service, until its Service is resolved. */
  @Benchmark
  public List<HookTraversal> firstPacketToLastService() {
    return cluster.sendNew(lastService);
  }

  /** A packet of a connection conntrack (and, in ipvs mode, IPVS) already holds. */
  @Benchmark
  public List<HookTraversal> establishedPacket() {
    return cluster.send(established);
  }

  /** kube-proxy's full sync of one node. */
  @Benchmark
  public SyncResult fullSync() {
    return cluster.fullSync();
  }
}
