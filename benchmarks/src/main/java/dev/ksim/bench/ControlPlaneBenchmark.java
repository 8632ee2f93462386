package dev.ksim.bench;

import dev.ksim.cluster.Cluster;
import dev.ksim.cluster.ClusterOptions;
import dev.ksim.manifest.Manifests;
import dev.ksim.scaling.ControlPlaneWorkload;
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
 * The control plane at scale: apply Services with ready pods behind each over many nodes and run
 * the cluster until quiet (no data-plane programming). Target (issue 2): 10,000 Services with 10
 * pods each over 100 nodes in under 30 s and 4 GiB of heap on a 2-core machine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx4g"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class ControlPlaneBenchmark {
  @Param({"10000"})
  public int services;

  @Param({"10"})
  public int replicas;

  @Param({"100"})
  public int nodes;

  private Manifests manifests = Manifests.EMPTY;

  @Setup(Level.Trial)
  public void setUp() {
    manifests = ControlPlaneWorkload.manifests(nodes, services, replicas);
  }

  @Benchmark
  public Cluster applyAndSettle() {
    return Cluster.start(manifests, ClusterOptions.DEFAULT.withoutDataPlane());
  }
}
