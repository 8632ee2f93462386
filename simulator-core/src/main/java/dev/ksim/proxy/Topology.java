package dev.ksim.proxy;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which endpoints each traffic policy uses on this node: ready ones, or, when there are none,
 * serving-and-terminating ones (separately for Cluster and Local policy).
 *
 * @param clusterEndpoints endpoints for Cluster policy
 * @param localEndpoints endpoints for Local policy
 * @param allReachable endpoints this node's rules can send to
 * @param hasAnyEndpoints whether any endpoint anywhere is usable
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/master/pkg/proxy/topology.go">pkg/proxy/topology.go
 *     CategorizeEndpoints</a>
 */
public record Topology(
    List<EndpointInfo> clusterEndpoints,
    List<EndpointInfo> localEndpoints,
    List<EndpointInfo> allReachable,
    boolean hasAnyEndpoints) {

  public Topology {
    clusterEndpoints = ImmutableList.copyOf(clusterEndpoints);
    localEndpoints = ImmutableList.copyOf(localEndpoints);
    allReachable = ImmutableList.copyOf(allReachable);
  }

  public static Topology categorize(ServicePortInfo service, List<EndpointInfo> endpoints) {
    List<EndpointInfo> cluster = List.of();
    boolean any = false;
    if (service.usesClusterEndpoints()) {
      cluster = filter(endpoints, EndpointInfo::ready);
      if (cluster.isEmpty()) {
        cluster = filter(endpoints, e -> e.serving() && e.terminating());
      }
      any = !cluster.isEmpty();
    }
    if (!service.usesLocalEndpoints()) {
      return new Topology(cluster, List.of(), cluster, any);
    }
    boolean localReady = false;
    boolean localServingTerminating = false;
    for (EndpointInfo e : endpoints) {
      if (e.ready()) {
        any = true;
        localReady |= e.local();
      } else if (e.serving() && e.terminating()) {
        any = true;
        localServingTerminating |= e.local();
      }
    }
    List<EndpointInfo> local = List.of();
    if (localReady) {
      local = filter(endpoints, e -> e.local() && e.ready());
    } else if (localServingTerminating) {
      local = filter(endpoints, e -> e.local() && e.serving() && e.terminating());
    }
    if (!service.usesClusterEndpoints()) {
      return new Topology(cluster, local, local, any);
    }
    Set<EndpointInfo> union = new LinkedHashSet<>(cluster);
    union.addAll(local);
    return new Topology(cluster, local, new ArrayList<>(union), any);
  }

  private static List<EndpointInfo> filter(
      List<EndpointInfo> endpoints, Predicate<EndpointInfo> keep) {
    List<EndpointInfo> kept = new ArrayList<>(endpoints.size());
    for (EndpointInfo endpoint : endpoints) {
      if (keep.test(endpoint)) {
        kept.add(endpoint);
      }
    }
    return kept;
  }
}
