package dev.ksim.scenario;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableList;
import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.cluster.Cluster;
import dev.ksim.cluster.ClusterOptions;
import dev.ksim.input.KsimInputException;
import dev.ksim.input.SourceLocation;
import dev.ksim.manifest.KubernetesJson;
import dev.ksim.manifest.ManifestException;
import dev.ksim.manifest.ManifestLoader;
import dev.ksim.manifest.Manifests;
import dev.ksim.manifest.ObjectManifest;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.resolver.HostLookup;
import dev.ksim.scenario.shell.Shell;
import dev.ksim.scenario.shell.ShellResult;
import dev.ksim.trace.Trace;
import dev.ksim.view.CommandResult;
import dev.ksim.view.LabelQuery;
import dev.ksim.view.TraceRenderer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Replays a scenario on a simulated cluster, printing it as a terminal session would look ({@code $
 * command} then its output) with the narration between the commands, and checking each step's
 * expectations. Steps share one cluster and one data path, so what one step does (connections,
 * {@code recent} lists, deleted pods) is there for the next.
 */
public final class ScenarioRunner {
  /**
   * How to run.
   *
   * @param checkOnly print only failed expectations (and the summary)
   * @param stepByStep wait for Enter on {@code stdin} before each step (a classroom)
   */
  public record Options(
      boolean checkOnly,
      boolean stepByStep,
      @Nullable BufferedReader stdin,
      boolean quiz,
      String student) {
    /** Options without quiz questions asked on {@code stdin}. */
    public Options(boolean checkOnly, boolean stepByStep, @Nullable BufferedReader stdin) {
      this(checkOnly, stepByStep, stdin, false, "");
    }
  }

  /**
   * How a run went: the expectations checked and those that failed, as printed; the quiz questions
   * with their computed answers, and (with {@code --quiz}) the student's graded answers.
   */
  public record Outcome(
      int checks, List<String> failures, List<KeyedQuestion> key, List<Graded> graded) {
    public Outcome {
      failures = ImmutableList.copyOf(failures);
      key = ImmutableList.copyOf(key);
      graded = ImmutableList.copyOf(graded);
    }

    public boolean passed() {
      return failures.isEmpty();
    }
  }

  private static final String KUBE_PROXY_RESTARTED =
      """

      $ kubectl -n kube-system rollout restart daemonset kube-proxy
      daemonset.apps/kube-proxy restarted
      """;

  private final PrintStream out;
  private final Options options;
  private int checks;
  private final List<String> failures = new ArrayList<>();
  private final List<KeyedQuestion> key = new ArrayList<>();
  private final List<Graded> graded = new ArrayList<>();

  public ScenarioRunner(PrintStream out, Options options) {
    this.out = out;
    this.options = options;
  }

  /** Runs {@code scenario} under each of its kube-proxy modes. */
  public Outcome run(Scenario scenario) {
    List<Manifests> applied = applied(scenario);
    int checksBefore = checks;
    int failuresBefore = failures.size();
    int keyBefore = key.size();
    int gradedBefore = graded.size();
    for (String mode : scenario.modes()) {
      Cluster cluster = start(scenario);
      Shell shell = new Shell(cluster, cluster.datapath(Recording.MATCHED), directory(scenario));
      print(header(scenario, mode));
      Player player = new Player(cluster, shell, applied, scenario.seed());
      for (Step step : scenario.steps()) {
        pause();
        play(player, step);
      }
    }
    return new Outcome(
        checks - checksBefore,
        failures.subList(failuresBefore, failures.size()),
        key.subList(keyBefore, key.size()),
        graded.subList(gradedBefore, graded.size()));
  }

  /** The questions of {@code scenario}'s quizzes with their answers, from a quiet replay. */
  public static List<KeyedQuestion> answerKey(Scenario scenario) {
    return quiet().run(scenario).key();
  }

  /**
   * A scenario played one step at a time on a cluster that stays (the classroom's "next" button):
   * each step's terminal text is returned rather than printed.
   */
  public static Stepper stepper(Scenario scenario) {
    java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
    ScenarioRunner runner =
        new ScenarioRunner(
            new PrintStream(buffer, true, java.nio.charset.StandardCharsets.UTF_8),
            new Options(false, false, null));
    return runner.new Stepper(scenario, buffer);
  }

  /** One scenario's steps played on request; not thread-safe (one caller at a time). */
  public final class Stepper {
    private final Scenario scenario;
    private final java.io.ByteArrayOutputStream buffer;
    private final Cluster cluster;
    private final Player player;
    private int position;

    private Stepper(Scenario scenario, java.io.ByteArrayOutputStream buffer) {
      this.scenario = scenario;
      this.buffer = buffer;
      this.cluster = start(scenario);
      Shell shell = new Shell(cluster, cluster.datapath(Recording.MATCHED), directory(scenario));
      this.player = new Player(cluster, shell, applied(scenario), scenario.seed());
      print(header(scenario, scenario.modes().get(0)));
    }

    /** The cluster the steps change. */
    public Cluster cluster() {
      return cluster;
    }

    /** How many steps have been played. */
    public int position() {
      return position;
    }

    /** Whether a step is left. */
    public boolean hasNext() {
      return position < scenario.steps().size();
    }

    /** The next step, not played yet. */
    public Step peek() {
      return scenario.steps().get(position);
    }

    /** Plays the next step and returns what the terminal would show (the header first time). */
    public String next() {
      play(player, scenario.steps().get(position++));
      return text();
    }

    /** What was printed since the last call. */
    public String text() {
      String text = buffer.toString(java.nio.charset.StandardCharsets.UTF_8);
      buffer.reset();
      return text;
    }
  }

  private static ScenarioRunner quiet() {
    return new ScenarioRunner(
        new PrintStream(
            java.io.OutputStream.nullOutputStream(),
            false,
            java.nio.charset.StandardCharsets.UTF_8),
        new Options(true, false, null));
  }

  private static String header(Scenario scenario, String mode) {
    return "# "
        + scenario.title()
        + "\n# ("
        + scenario.name()
        + ", kube-proxy mode "
        + mode
        + ", seed "
        + scenario.seed()
        + ")\n"
        + (scenario.description().isBlank() ? "" : "\n" + scenario.description().strip() + "\n");
  }

  /** Plays one step and checks its expectations. */
  private void play(Player player, Step step) {
    Facts facts = step.accept(player);
    Expectation expect = step.expect();
    if (expect == null) {
      return;
    }
    Cluster cluster = player.cluster;
    Expectation filled = expect.filled(t -> Placeholders.expand(t, cluster, expect.at()));
    for (Check check : Checks.of(filled, facts)) {
      checks++;
      if (check.ok()) {
        print("  [ok]   " + check.what() + "\n");
      } else {
        String failure = expect.at() + ": expected " + check.what() + "; " + check.got();
        failures.add(failure);
        if (options.checkOnly()) {
          out.println("FAIL " + failure);
        } else {
          out.print("  [FAIL] " + check.what() + "; " + check.got() + "\n");
        }
      }
    }
  }

  /**
   * The cluster {@code scenario} leaves behind: every step played, nothing printed or checked (for
   * comparing that state with something else, such as the real kernel).
   */
  public static Cluster replay(Scenario scenario) {
    List<Manifests> applied = applied(scenario);
    Cluster cluster = start(scenario);
    Shell shell = new Shell(cluster, cluster.datapath(Recording.NONE), directory(scenario));
    Player player = quiet().new Player(cluster, shell, applied, scenario.seed());
    scenario.steps().forEach(step -> step.accept(player));
    return cluster;
  }

  private static List<Manifests> applied(Scenario scenario) {
    List<Manifests> applied = new ArrayList<>();
    for (Step step : scenario.steps()) {
      if (step instanceof Step.Apply apply) {
        applied.add(manifests(apply));
      }
    }
    return applied;
  }

  private void print(String text) {
    if (!options.checkOnly()) {
      out.print(text);
    }
  }

  /** The student's answer: one line of standard input, empty when there is none. */
  private String readAnswer() {
    BufferedReader in = options.stdin();
    if (in == null) {
      return "";
    }
    try {
      String line = in.readLine();
      return line == null ? "" : line.strip();
    } catch (IOException e) {
      return "";
    }
  }

  private void pause() {
    BufferedReader in = options.stdin();
    if (options.stepByStep() && in != null) {
      out.print("  (Enter for the next step) ");
      out.flush();
      try {
        in.readLine();
      } catch (IOException e) {
        // no more input: carry on to the end
      }
    }
  }

  private static Cluster start(Scenario scenario) {
    Manifests cluster =
        scenario.cluster().isBlank()
            ? Manifests.EMPTY
            : ManifestLoader.parse(scenario.file() + " (cluster)", scenario.cluster());
    return Cluster.start(cluster, ClusterOptions.DEFAULT.withSeed(scenario.seed()));
  }

  /** The manifests of an apply step, with errors located in the scenario file. */
  private static Manifests manifests(Step.Apply apply) {
    try {
      return ManifestLoader.parse(apply.source(), apply.yaml());
    } catch (ManifestException e) {
      throw located(apply, e);
    }
  }

  /** An error in an apply step's manifests, located in the scenario file when they are inline. */
  private static ScenarioException located(Step.Apply apply, ManifestException e) {
    SourceLocation inner = e.location();
    boolean inline = apply.source().equals("-");
    return new ScenarioException(
        inline
            ? new SourceLocation(apply.at().file(), apply.at().line() + inner.line(), inner.field())
            : inner,
        String.valueOf(e.getMessage()));
  }

  /** The facts a step leaves for its expectations to check. */
  record Facts(CommandResult output, @Nullable ShellResult shell, @Nullable Trace trace) {
    static Facts of(String stdout) {
      return new Facts(CommandResult.ok(stdout), null, null);
    }
  }

  private Facts apply(Cluster cluster, Manifests manifests, Step.Apply step) {
    StringBuilder text = new StringBuilder();
    for (ObjectManifest m : manifests.objects()) {
      boolean exists = cluster.store().get(ObjectKey.of(m.type(), m.object())).isPresent();
      text.append(m.type().qualifiedName())
          .append('/')
          .append(m.object().getMetadata().getName())
          .append(exists ? " configured\n" : " created\n");
    }
    print("\n$ kubectl apply -f " + step.source() + "\n");
    try {
      if (step.settle()) {
        cluster.apply(manifests);
      } else {
        cluster.applyNow(manifests);
      }
    } catch (ManifestException e) {
      throw located(step, e);
    }
    print(text.toString());
    return Facts.of(text.toString());
  }

  /** The folder a scenario's relative paths start from (its own; the working one if bundled). */
  private static java.nio.file.Path directory(Scenario scenario) {
    java.nio.file.Path parent = java.nio.file.Path.of(scenario.file()).toAbsolutePath().getParent();
    return parent == null ? java.nio.file.Path.of("") : parent;
  }

  /** Plays each kind of step on one cluster and returns the facts it leaves. */
  private final class Player implements Step.Visitor<Facts> {
    private final Cluster cluster;
    private final Shell shell;
    private final List<Manifests> applied;
    private final long seed;
    private int nextApply;

    Player(Cluster cluster, Shell shell, List<Manifests> applied, long seed) {
      this.cluster = cluster;
      this.shell = shell;
      this.applied = applied;
      this.seed = seed;
    }

    @Override
    public Facts quiz(Step.Quiz quiz) {
      print("\n== " + quiz.title() + " ==\n");
      for (Question question : quiz.questions()) {
        String expected = QuizKey.answer(cluster, question);
        String ask = Placeholders.expand(question.ask(), cluster, question.at());
        key.add(new KeyedQuestion(quiz.title(), question.id(), ask, question.kind(), expected));
        if (options.quiz()) {
          out.print("\n" + question.id() + ". " + ask + "\n> ");
          out.flush();
          String given = readAnswer();
          boolean correct = QuizKey.accepts(expected, given);
          out.print(correct ? "  right\n" : "  wrong: the answer is " + expected + "\n");
          graded.add(new Graded(options.student(), seed, question.id(), given, expected, correct));
        } else {
          print("\n" + question.id() + ". " + ask + "\n   answer: " + expected + "\n");
        }
      }
      return Facts.of("");
    }

    @Override
    public Facts say(Step.Say say) {
      print("\n" + say.text().strip() + "\n");
      return Facts.of("");
    }

    @Override
    public Facts apply(Step.Apply step) {
      return ScenarioRunner.this.apply(cluster, applied.get(nextApply++), step);
    }

    @Override
    public Facts delete(Step.Delete delete) {
      ResourceType<?> type = type(delete.kind());
      List<String> names = new ArrayList<>();
      if (delete.selector().isEmpty()) {
        names.add(delete.name());
      } else {
        LabelQuery query = LabelQuery.parse(delete.selector());
        cluster.store().list(type, delete.namespace()).stream()
            .filter(o -> query.matches(labels(o)))
            .map(o -> o.getMetadata().getName())
            .sorted()
            .limit(delete.all() ? Long.MAX_VALUE : 1)
            .forEach(names::add);
        if (names.isEmpty()) {
          throw new ScenarioException(
              delete.at(), "no " + type.plural() + " match " + delete.selector());
        }
      }
      List<String> argv = new ArrayList<>(List.of("kubectl", "delete", lower(type)));
      argv.addAll(names);
      return kubectl(delete, argv, delete.namespace());
    }

    @Override
    public Facts scale(Step.Scale scale) {
      return kubectl(
          scale,
          List.of(
              "kubectl",
              "scale",
              lower(type(scale.kind())),
              scale.name(),
              "--replicas=" + scale.replicas()),
          scale.namespace());
    }

    @Override
    public Facts patch(Step.Patch patch) {
      List<String> argv =
          new ArrayList<>(List.of("kubectl", "patch", lower(type(patch.kind())), patch.name()));
      if (!patch.strategic()) {
        argv.addAll(List.of("--type", "merge"));
      }
      argv.addAll(List.of("-p", ScenarioParser.show(patch.patch())));
      return kubectl(patch, argv, patch.namespace());
    }

    @Override
    public Facts editKubeProxy(Step.EditKubeProxy edit) {
      ScenarioRunner.editKubeProxy(cluster, edit);
      cluster.runUntilQuiet();
      String said =
          "\n$ kubectl -n kube-system edit configmap kube-proxy   # "
              + ScenarioParser.show(edit.fields())
              + "\nconfigmap/kube-proxy edited\n";
      print(said);
      return Facts.of(said);
    }

    @Override
    public Facts restart(Step.Restart restart) {
      if (restart.kind().equals("kube-proxy")) {
        restartKubeProxy(cluster, restart);
        cluster.runUntilQuiet();
        print(KUBE_PROXY_RESTARTED);
        return Facts.of(KUBE_PROXY_RESTARTED);
      }
      return kubectl(
          restart,
          List.of("kubectl", "rollout", "restart", lower(type(restart.kind())), restart.name()),
          restart.namespace());
    }

    @Override
    public Facts await(Step.Wait wait) {
      if (wait.duration() == null) {
        print("\n(the cluster settles)\n");
        cluster.runUntilQuiet();
      } else {
        print(
            "\n(" + wait.duration().toString().substring(2).toLowerCase(Locale.ROOT) + " later)\n");
        cluster.advance(wait.duration());
      }
      return Facts.of("");
    }

    @Override
    public Facts run(Step.Run run) {
      return ScenarioRunner.this.run(cluster, shell, run);
    }

    @Override
    public Facts trace(Step.Trace trace) {
      return ScenarioRunner.this.trace(cluster, trace);
    }

    /** A change step played as the kubectl command that makes it; a refusal stops the run. */
    private Facts kubectl(Step step, List<String> argv, String namespace) {
      List<String> words = new ArrayList<>(argv);
      if (!namespace.equals("default")) {
        words.addAll(List.of("-n", namespace));
      }
      CommandResult output = shell.run("", words).output();
      if (output.exitCode() != 0) {
        throw new ScenarioException(step.at(), output.stderr().strip());
      }
      String said = "\n$ " + show(words) + "\n" + output.stdout();
      print(said);
      return Facts.of(said);
    }
  }

  /** A command line as typed: words with blanks or JSON quoted. */
  private static String show(List<String> words) {
    List<String> shown = new ArrayList<>();
    for (String w : words) {
      shown.add(w.matches("[A-Za-z0-9_./=:,@%+-]+") ? w : "'" + w + "'");
    }
    return String.join(" ", shown);
  }

  private static String lower(ResourceType<?> type) {
    return type.kind().toLowerCase(Locale.ROOT);
  }

  /**
   * kube-proxy restarted as its pods' deletion does: the new pods read the ConfigMap again (a mode
   * ksim does not implement, or an invalid configuration, leaves them crash-looping: an error of
   * the step, never a fallback) and sync everything, as a new process does.
   */
  private static void restartKubeProxy(Cluster cluster, Step.Restart step) {
    cluster.restartKubeProxies();
    List<String> notices = cluster.drainNotices();
    if (!notices.isEmpty()) {
      throw new ScenarioException(
          step.at(), "kube-proxy would not start: " + String.join("\n", notices));
    }
  }

  /** Merges the step's fields into the KubeProxyConfiguration text of the kube-proxy ConfigMap. */
  private static void editKubeProxy(Cluster cluster, Step.EditKubeProxy edit) {
    ConfigMap config =
        cluster
            .store()
            .<ConfigMap>get(new ObjectKey(ResourceType.CONFIG_MAP, "kube-system", "kube-proxy"))
            .orElseThrow(
                () ->
                    new ScenarioException(
                        edit.at(), "there is no kube-system/kube-proxy ConfigMap"));
    try {
      com.fasterxml.jackson.databind.JsonNode current =
          KubernetesJson.YAML.readTree(config.getData().getOrDefault("config.conf", ""));
      ObjectNode merged =
          current instanceof ObjectNode o ? o.deepCopy() : JsonNodeFactory.instance.objectNode();
      merge(merged, edit.fields());
      ObjectNode patch = JsonNodeFactory.instance.objectNode();
      patch.putObject("data").put("config.conf", KubernetesJson.YAML.writeValueAsString(merged));
      patch(cluster, "ConfigMap", "kube-system", "kube-proxy", patch);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new ScenarioException(
          edit.at(), "kube-proxy's config.conf is not YAML: " + e.getOriginalMessage());
    }
  }

  private static void merge(ObjectNode target, com.fasterxml.jackson.databind.JsonNode fields) {
    fields
        .fields()
        .forEachRemaining(
            f -> {
              if (f.getValue().isObject() && target.get(f.getKey()) instanceof ObjectNode child) {
                merge(child, f.getValue());
              } else {
                target.set(f.getKey(), f.getValue());
              }
            });
  }

  private static void patch(
      Cluster cluster,
      String kind,
      String namespace,
      String name,
      com.fasterxml.jackson.databind.JsonNode patch) {
    patchTyped(cluster, type(kind), namespace, name, patch);
  }

  private static <T extends HasMetadata> void patchTyped(
      Cluster cluster,
      ResourceType<T> type,
      String namespace,
      String name,
      com.fasterxml.jackson.databind.JsonNode patch) {
    cluster.store().patch(type, namespace, name, patch);
  }

  private static ResourceType<?> type(String kind) {
    return ResourceType.forName(kind).orElseThrow(() -> new IllegalStateException("kind " + kind));
  }

  private static Map<String, String> labels(HasMetadata o) {
    return o.getMetadata().getLabels() == null ? Map.of() : o.getMetadata().getLabels();
  }

  private Facts run(Cluster cluster, Shell shell, Step.Run run) {
    List<String> argv =
        run.argv().stream().map(a -> Placeholders.expand(a, cluster, run.at())).toList();
    String where = Placeholders.expand(run.where(), cluster, run.at());
    if (where.isEmpty() && !argv.get(0).equals("kubectl")) {
      where = "node/" + cluster.firstNode();
    }
    ShellResult result = shell.run(where, argv, run.count());
    if (result.unsupported()) {
      throw new ScenarioException(run.at(), result.output().stderr().strip());
    }
    CommandResult output = result.output();
    String prompt = where.startsWith("pod/") ? where.substring(4) + " $ " : "$ ";
    print(
        "\n"
            + prompt
            + Placeholders.expand(run.command(), cluster, run.at())
            + "\n"
            + output.stdout()
            + output.stderr());
    return new Facts(output, result, null);
  }

  private Facts trace(Cluster cluster, Step.Trace step) {
    String to = Placeholders.expand(step.to(), cluster, step.at());
    String from = Placeholders.expand(step.from(), cluster, step.at());
    StringBuilder text = new StringBuilder("\n$ ksim trace --from " + from + " --to " + to + "\n");
    FlowTracer.Result result;
    try {
      result = FlowTracer.trace(cluster, Recording.MATCHED, from, to, step.protocol(), step.node());
    } catch (KsimInputException e) {
      throw new ScenarioException(step.at(), String.valueOf(e.getMessage()));
    }
    HostLookup lookup = result.lookup();
    Trace trace = result.trace();
    String host = to.substring(0, Math.max(0, to.lastIndexOf(':')));
    if (trace == null) {
      text.append("could not resolve ")
          .append(host)
          .append(": ")
          .append(lookup == null ? "" : lookup.failure())
          .append('\n');
      print(text.toString());
      return new Facts(new CommandResult(text.toString(), "", 1), null, null);
    }
    if (lookup != null) {
      text.append("(").append(host).append(" is ").append(trace.destination().ip()).append(")\n");
    }
    text.append(TraceRenderer.render(trace));
    print(text.toString());
    return new Facts(CommandResult.ok(text.toString()), null, trace);
  }
}
