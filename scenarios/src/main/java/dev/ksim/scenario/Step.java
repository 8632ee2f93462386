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

  /** Calls the {@code visitor} method for this kind of step. */
  <R> R accept(Visitor<R> visitor);

  /**
   * One method per kind of step: a new kind fails to compile wherever steps are interpreted until
   * it is handled there.
   *
   * @param <R> what the visit returns
   */
  interface Visitor<R> {
    R say(Say step);

    R apply(Apply step);

    R delete(Delete step);

    R scale(Scale step);

    R patch(Patch step);

    R editKubeProxy(EditKubeProxy step);

    R restart(Restart step);

    R await(Wait step);

    R run(Run step);

    R trace(Trace step);

    R quiz(Quiz step);
  }

  /** Narration between commands (markdown), printed as it is. */
  record Say(String text, SourceLocation at) implements Step {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.say(this);
    }

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
      implements Step {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.apply(this);
    }
  }

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
      implements Step {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.delete(this);
    }
  }

  /** A workload scaled to {@code replicas}. */
  record Scale(
      String kind,
      String namespace,
      String name,
      int replicas,
      SourceLocation at,
      @Nullable Expectation expect)
      implements Step {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.scale(this);
    }
  }

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
      implements Step {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.patch(this);
    }
  }

  /**
   * Fields of kube-proxy's configuration changed inside the {@code kube-system/kube-proxy}
   * ConfigMap's {@code config.conf} ({@code kubectl -n kube-system edit configmap kube-proxy});
   * kube-proxy reads it when restarted.
   *
   * @param fields the changed fields, nested as in the KubeProxyConfiguration
   */
  record EditKubeProxy(JsonNode fields, SourceLocation at, @Nullable Expectation expect)
      implements Step {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.editKubeProxy(this);
    }
  }

  /** A restart: kube-proxy on every node, or a workload's rollout ({@code rollout restart}). */
  record Restart(
      String kind, String namespace, String name, SourceLocation at, @Nullable Expectation expect)
      implements Step {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.restart(this);
    }
  }

  /**
   * Simulated time passing: a duration, or until the cluster is quiet (rollouts complete, pods
   * ready, kube-proxy synced).
   *
   * @param duration how long, or null for "until quiet"
   */
  record Wait(
      @Nullable Duration duration, String until, SourceLocation at, @Nullable Expectation expect)
      implements Step {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.await(this);
    }
  }

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
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.run(this);
    }

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
      implements Step {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.trace(this);
    }
  }

  /**
   * Questions about the cluster as it is now, each answer computed by {@link QuizKey}: {@code ksim
   * run --quiz} asks them in the terminal and grades the answers, {@code ksim serve} on the page.
   */
  record Quiz(String title, List<Question> questions, SourceLocation at) implements Step {
    public Quiz {
      questions = ImmutableList.copyOf(questions);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.quiz(this);
    }

    @Override
    public @Nullable Expectation expect() {
      return null;
    }
  }
}
