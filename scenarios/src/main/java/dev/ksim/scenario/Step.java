package dev.ksim.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableList;
import dev.ksim.input.SourceLocation;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** One step of a scenario; each knows where it was written and what it expects. */
public sealed interface Step {
  SourceLocation at();

  @Nullable Expectation expect();

  /** Narration between commands (markdown), printed as it is. */
  record Say(String text, SourceLocation at) implements Step {
    @Override
    public @Nullable Expectation expect() {
      return null;
    }
  }

  /**
   * Objects applied to the cluster, as {@code kubectl apply -f} does.
   *
   * @param source where the manifests came from, for messages
   * @param yaml the manifests' text
   * @param settle whether the cluster settles before the next step (false: watch it happen)
   */
  record Apply(
      String source, String yaml, boolean settle, SourceLocation at, @Nullable Expectation expect)
      implements Step {}

  /**
   * Objects deleted, by {@code kind/name} or by label selector ({@code pick} first, all).
   *
   * @param selector a label selector, or empty when {@code name} names the object
   * @param all with a selector, every object it selects rather than the first by name
   */
  record Delete(
      String kind,
      String namespace,
      String name,
      String selector,
      boolean all,
      SourceLocation at,
      @Nullable Expectation expect)
      implements Step {}

  /** A workload scaled to {@code replicas}. */
  record Scale(
      String kind,
      String namespace,
      String name,
      int replicas,
      SourceLocation at,
      @Nullable Expectation expect)
      implements Step {}

  /**
   * A patch applied to an object: a JSON merge patch ({@code kubectl patch --type merge}) or a
   * strategic merge patch ({@code kubectl patch}'s default).
   */
  record Patch(
      String kind,
      String namespace,
      String name,
      JsonNode patch,
      boolean strategic,
      SourceLocation at,
      @Nullable Expectation expect)
      implements Step {}

  /**
   * Fields of kube-proxy's configuration changed inside the {@code kube-system/kube-proxy}
   * ConfigMap's {@code config.conf} ({@code kubectl -n kube-system edit configmap kube-proxy});
   * kube-proxy reads it when restarted.
   *
   * @param fields the changed fields, nested as in the KubeProxyConfiguration
   */
  record EditKubeProxy(JsonNode fields, SourceLocation at, @Nullable Expectation expect)
      implements Step {}

  /** A restart: kube-proxy on every node, or a workload's rollout ({@code rollout restart}). */
  record Restart(
      String kind, String namespace, String name, SourceLocation at, @Nullable Expectation expect)
      implements Step {}

  /**
   * Simulated time passing: a duration, or until the cluster is quiet (rollouts complete, pods
   * ready, kube-proxy synced).
   *
   * @param duration how long, or null for "until quiet"
   */
  record Wait(
      @Nullable Duration duration, String until, SourceLocation at, @Nullable Expectation expect)
      implements Step {}

  /**
   * A command line, run in a pod, on a node or (kubectl) against the cluster.
   *
   * @param where {@code pod/NS/NAME}, {@code node/NAME} or empty for the first node
   * @param count how many requests a curl sends
   */
  record Run(
      String command,
      List<String> argv,
      String where,
      int count,
      SourceLocation at,
      @Nullable Expectation expect)
      implements Step {
    public Run {
      argv = ImmutableList.copyOf(argv);
    }
  }

  /** One packet traced from {@code from} to {@code to} ({@code ADDRESS:PORT} or a name). */
  record Trace(
      String from,
      String to,
      String protocol,
      @Nullable String node,
      SourceLocation at,
      @Nullable Expectation expect)
      implements Step {}
}
