package dev.ksim.cluster;

import dev.ksim.config.Latencies;
import dev.ksim.config.PodNetwork;
import dev.ksim.dns.server.OutsideWorld;
import dev.ksim.image.ImageCatalogue;
import dev.ksim.net.Cidr;
import dev.ksim.sim.QuietBounds;
import dev.ksim.sim.SimRandom;
import java.util.Optional;

/**
 * How to run a simulated cluster.
 *
 * @param seed the seed of the run's random source
 * @param latencies the control plane's reaction times
 * @param bounds how long "run until quiet" may go on
 * @param dataPlane whether nodes get kernels and kube-proxies (off: the control plane alone, for
 *     measuring it)
 * @param loadBalancerPool where a cloud load balancer takes LoadBalancer Services' addresses; empty
 *     for none, as on a kubeadm cluster, where such Services stay pending
 * @param podNetwork how nodes carry pod traffic to each other
 * @param outsideWorld the DNS outside the cluster, which CoreDNS forwards to and nodes resolve with
 * @param images what the containers' images listen on and answer
 */
public record ClusterOptions(
    long seed,
    Latencies latencies,
    QuietBounds bounds,
    boolean dataPlane,
    Optional<Cidr> loadBalancerPool,
    PodNetwork podNetwork,
    OutsideWorld outsideWorld,
    ImageCatalogue images) {
  public static final ClusterOptions DEFAULT =
      new ClusterOptions(
          SimRandom.DEFAULT_SEED,
          Latencies.DEFAULT,
          QuietBounds.DEFAULT,
          true,
          Optional.empty(),
          PodNetwork.HOST_GW,
          OutsideWorld.bundled(),
          ImageCatalogue.bundled());

  public ClusterOptions withSeed(long newSeed) {
    return new ClusterOptions(
        newSeed, latencies, bounds, dataPlane, loadBalancerPool, podNetwork, outsideWorld, images);
  }

  /** The same options without node kernels and kube-proxies. */
  public ClusterOptions withoutDataPlane() {
    return new ClusterOptions(
        seed, latencies, bounds, false, loadBalancerPool, podNetwork, outsideWorld, images);
  }

  /** The same options with pod traffic between nodes carried as {@code network} says. */
  public ClusterOptions withPodNetwork(PodNetwork network) {
    return new ClusterOptions(
        seed, latencies, bounds, dataPlane, loadBalancerPool, network, outsideWorld, images);
  }

  /** The same options with a cloud load balancer giving addresses from {@code pool}. */
  public ClusterOptions withLoadBalancerPool(Cidr pool) {
    return new ClusterOptions(
        seed, latencies, bounds, dataPlane, Optional.of(pool), podNetwork, outsideWorld, images);
  }

  /** The same options with {@code catalogue} saying what images do. */
  public ClusterOptions withImages(ImageCatalogue catalogue) {
    return new ClusterOptions(
        seed, latencies, bounds, dataPlane, loadBalancerPool, podNetwork, outsideWorld, catalogue);
  }

  /** The same options with {@code world} as the DNS outside the cluster. */
  public ClusterOptions withOutsideWorld(OutsideWorld world) {
    return new ClusterOptions(
        seed, latencies, bounds, dataPlane, loadBalancerPool, podNetwork, world, images);
  }
}
