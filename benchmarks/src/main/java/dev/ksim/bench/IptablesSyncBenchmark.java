package dev.ksim.bench;

import dev.ksim.apiserver.ResourceType;
import dev.ksim.cluster.Cluster;
import dev.ksim.net.IpFamily;
import dev.ksim.netfilter.Netfilter;
import dev.ksim.proxy.Proxier;
import dev.ksim.proxy.SyncResult;
import dev.ksim.scaling.ProxiedCluster;
import dev.ksim.scaling.ServiceWorkload;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.Objects;
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
 * One node's kube-proxy in iptables mode on the settled {@link ServiceWorkload} cluster (10,000
 * Services of 10 endpoints: 310,000-odd rules), the two syncs issue 16 sets targets for, each
 * generation, restore and commit together: a full sync (at most 1 s), and the partial sync after
 * one endpoint of the middle Service goes or comes back (at most 100 ms), fed to the node's proxier
 * alone as its EndpointSlice watch would, without the rest of the cluster.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx6g"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 3, time = 5)
public class IptablesSyncBenchmark {
  @Param({"10000"})
  public int services;

  @Param({"10"})
  public int endpoints;

  @SuppressWarnings("NullAway.Init") // set up by JMH before any benchmark runs
  private Proxier proxier;

  @SuppressWarnings("NullAway.Init")
  private Netfilter kernel;

  @SuppressWarnings("NullAway.Init")
  private EndpointSlice whole;

  @SuppressWarnings("NullAway.Init")
  private EndpointSlice lessOne;

  private boolean endpointRemoved;

  @Setup(Level.Trial)
  public void setUp() {
    ServiceWorkload workload = new ServiceWorkload(services, endpoints, "iptables");
    Cluster cluster = ProxiedCluster.start(workload).cluster();
    proxier =
        Objects.requireNonNull(cluster.kubeProxies().get(ProxiedCluster.NODE))
            .proxier(IpFamily.IPV4);
    kernel = Objects.requireNonNull(cluster.nodeNetworks().get(ProxiedCluster.NODE)).kernel();
    whole =
        cluster
            .store()
            .<EndpointSlice>get(
                ResourceType.ENDPOINT_SLICE, "default", ServiceWorkload.name(services / 2))
            .orElseThrow();
    lessOne = new EndpointSliceBuilder(whole).build();
    Objects.requireNonNull(lessOne.getEndpoints()).remove(0);
  }

  /** A full sync: every chain written and restored. */
  @Benchmark
  public SyncResult fullSync() {
    return proxier.syncProxyRules(kernel, true);
  }

  /** The partial sync after one endpoint of one Service went (or, the next time, came back). */
  @Benchmark
  public SyncResult partialSyncAfterOneEndpoint() {
    endpointRemoved = !endpointRemoved;
    proxier.endpointsChanges().endpointSliceUpdate(endpointRemoved ? lessOne : whole, false);
    return proxier.syncProxyRules(kernel, false);
  }
}
