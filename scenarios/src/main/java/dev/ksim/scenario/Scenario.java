package dev.ksim.scenario;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.List;
import java.util.Map;

/**
 * A tutorial made runnable.
 *
 * @param name its short name ({@code ksim run NAME})
 * @param cluster manifests of the cluster itself (Nodes, ClusterConfiguration,
 *     KubeProxyConfiguration), applied before the steps; empty for the default cluster
 * @param modes the kube-proxy modes it runs under, each a run of its own
 * @param variables the per-student variables' values this scenario was read with, in the file's
 *     order
 * @param text the file's text as written (before the variables were filled in), to read it again
 *     for another student
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
    String file,
    Map<String, String> variables,
    String text) {
  public Scenario {
    variables = ImmutableMap.copyOf(variables);
    tags = ImmutableList.copyOf(tags);
    modes = ImmutableList.copyOf(modes);
    steps = ImmutableList.copyOf(steps);
  }

  /** Whether it has a quiz step. */
  public boolean hasQuiz() {
    return steps.stream().anyMatch(s -> s instanceof Step.Quiz);
  }
}
