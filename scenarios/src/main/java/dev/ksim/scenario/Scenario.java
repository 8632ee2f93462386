package dev.ksim.scenario;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * A tutorial made runnable.
 *
 * @param name its short name ({@code ksim run NAME})
 * @param cluster manifests of the cluster itself (Nodes, ClusterConfiguration,
 *     KubeProxyConfiguration), applied before the steps; empty for the default cluster
 * @param modes the kube-proxy modes it runs under, each a run of its own
 */
public record Scenario(
    String name,
    String title,
    String description,
    List<String> tags,
    long seed,
    String cluster,
    List<String> modes,
    List<Step> steps,
    String file) {
  public Scenario {
    tags = ImmutableList.copyOf(tags);
    modes = ImmutableList.copyOf(modes);
    steps = ImmutableList.copyOf(steps);
  }
}
