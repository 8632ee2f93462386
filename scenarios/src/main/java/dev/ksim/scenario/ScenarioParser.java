package dev.ksim.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.input.SourceLocation;
import dev.ksim.manifest.KubernetesJson;
import dev.ksim.manifest.TextFiles;
import dev.ksim.manifest.YamlDocument;
import dev.ksim.manifest.YamlReader;
import dev.ksim.scenario.shell.CommandLines;
import dev.ksim.scenario.shell.Shell;
import dev.ksim.sim.QuietBounds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * Reads a scenario file (format: scenario.schema.json) into a {@link Scenario}, refusing anything
 * it would not run as written (an unknown key or step, a command ksim does not model, a bad
 * duration or regular expression) with the file, line and field.
 */
public final class ScenarioParser {
  private static final Set<String> TOP =
      Set.of(
          "name", "title", "description", "tags", "seed", "modes", "cluster", "variables", "steps");

  /** The kinds of step. */
  static final Set<String> STEPS =
      Set.of(
          "say", "apply", "delete", "scale", "patch", "edit", "restart", "wait", "run", "trace",
          "quiz");

  private static final Set<String> QUIZ = Set.of("title", "questions");
  private static final Set<String> QUESTION = Set.of("id", "ask", "answer", "trace", "dig");
  private static final Set<String> TRACE = Set.of("from", "to", "protocol", "node");
  private static final Set<String> DIG = Set.of("in", "name");
  private static final Set<String> VARIABLE = Set.of("choices", "min", "max");

  /** The most values a {min, max} variable may take. */
  private static final int MAX_RANGE = 1000;

  private static final Set<String> STEP_OPTIONS = Set.of("expect", "on", "in", "count", "settle");

  /** The keys of an expectation. */
  static final Set<String> EXPECT =
      Set.of(
          "contains",
          "not-contains",
          "matches",
          "equals",
          "exit",
          "verdict",
          "backend",
          "masqueraded",
          "distinct-backends",
          "even-within",
          "rcode",
          "answers");

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

  private final YamlDocument doc;
  private final @Nullable Path dir;

  private ScenarioParser(YamlDocument doc, @Nullable Path dir) {
    this.doc = doc;
    this.dir = dir;
  }

  /** Reads a scenario file from disk; {@code apply: FILE} is relative to its folder. */
  public static Scenario read(Path file) {
    String text = TextFiles.read(file);
    return parse(file.toString(), text, file.toAbsolutePath().getParent());
  }

  /** Reads scenario text; {@code dir} resolves {@code apply: FILE}, null when there is none. */
  public static Scenario parse(String file, String text, @Nullable Path dir) {
    return parse(file, text, dir, null);
  }

  /**
   * Reads scenario text for one student: its variables are drawn from {@code seed} (the file's own
   * seed when null), which also seeds the cluster.
   */
  public static Scenario parse(String file, String text, @Nullable Path dir, @Nullable Long seed) {
    ScenarioParser first = new ScenarioParser(document(file, text), dir);
    JsonNode root = first.doc.tree();
    first.keys(root, "", TOP);
    long drawn = seed != null ? seed : first.seed(root.path("seed"));
    Map<String, String> values = Variables.draw(first.variables(root.path("variables")), drawn);
    String filled = Variables.fill(file, text, values);
    return new ScenarioParser(document(file, filled), dir).scenario(drawn, values, text);
  }

  /** {@code scenario} read again for the student whose seed is {@code seed}. */
  public static Scenario forSeed(Scenario scenario, long seed) {
    Path file = Path.of(scenario.file());
    Path dir = Files.isRegularFile(file) ? file.toAbsolutePath().getParent() : null;
    return parse(scenario.file(), scenario.text(), dir, seed);
  }

  /** {@code scenario} read again for the student called {@code student}. */
  public static Scenario forStudent(Scenario scenario, String student) {
    return forSeed(scenario, Variables.seedOf(student));
  }

  private static YamlDocument document(String file, String text) {
    List<YamlDocument> docs = YamlReader.read(file, text);
    if (docs.size() != 1 || !docs.get(0).tree().isObject()) {
      throw new ScenarioException(
          new SourceLocation(file, 1, null), "a scenario file is one YAML mapping");
    }
    return docs.get(0);
  }

  /** The {@code variables:} mapping: NAME: {choices: [...]} or NAME: {min: A, max: B}. */
  private List<Variables.Variable> variables(JsonNode node) {
    if (node.isMissingNode() || node.isNull()) {
      return List.of();
    }
    if (!node.isObject()) {
      throw error("variables", "variables is a mapping of NAME: {choices: [...]} or {min, max}");
    }
    List<Variables.Variable> out = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String at = "variables." + field.getKey();
      JsonNode value = field.getValue();
      if (!field.getKey().matches("[A-Za-z][A-Za-z0-9_-]*")) {
        throw error(at, "a variable's name is a letter then letters, digits, - or _");
      }
      if (!value.isObject()) {
        throw error(at, "a variable is {choices: [...]} or {min: A, max: B}");
      }
      keys(value, at, VARIABLE);
      out.add(new Variables.Variable(field.getKey(), choices(value, at)));
    }
    return out;
  }

  private List<String> choices(JsonNode value, String at) {
    if (value.has("choices")) {
      if (value.has("min") || value.has("max")) {
        throw error(at, "a variable has choices, or min and max, not both");
      }
      JsonNode list = value.get("choices");
      if (!list.isArray() || list.isEmpty()) {
        throw error(at + ".choices", "choices is a non-empty list of values");
      }
      List<String> choices = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        if (!list.get(i).isValueNode() || list.get(i).isNull()) {
          throw error(at + ".choices[" + i + "]", "a choice is a string or a number");
        }
        choices.add(list.get(i).asText());
      }
      return choices;
    }
    JsonNode min = value.path("min");
    JsonNode max = value.path("max");
    if (!min.canConvertToInt()
        || !max.canConvertToInt()
        || !min.isIntegralNumber()
        || !max.isIntegralNumber()) {
      throw error(at, "a variable is {choices: [...]} or {min: A, max: B} with whole numbers");
    }
    long size = (long) max.asInt() - min.asInt() + 1;
    if (size < 1 || size > MAX_RANGE) {
      throw error(at, "min is at most max, and a range has at most " + MAX_RANGE + " values");
    }
    List<String> choices = new ArrayList<>();
    for (int v = min.asInt(); v <= max.asInt(); v++) {
      choices.add(Integer.toString(v));
    }
    return choices;
  }

  private Scenario scenario(long seed, Map<String, String> variables, String text) {
    JsonNode root = doc.tree();
    keys(root, "", TOP);
    String name = required(root, "name").asText();
    List<String> modes = strings(root.path("modes"), "modes");
    if (modes.isEmpty()) {
      modes = List.of("iptables");
    }
    for (int i = 0; i < modes.size(); i++) {
      if (!modes.get(i).equals("iptables")) {
        throw error(
            "modes[" + i + "]",
            "a scenario starts kube-proxy in iptables mode; for "
                + modes.get(i)
                + " edit configmap/kube-proxy and restart kube-proxy in its steps");
      }
    }
    JsonNode steps = required(root, "steps");
    if (!steps.isArray() || steps.isEmpty()) {
      throw error("steps", "steps is a non-empty list");
    }
    List<Step> parsed = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      parsed.add(step(steps.get(i), "steps[" + i + "]"));
    }
    return new Scenario(
        name,
        root.path("title").asText(name),
        root.path("description").asText(""),
        strings(root.path("tags"), "tags"),
        seed,
        root.path("cluster").asText(""),
        modes,
        parsed,
        doc.file(),
        variables,
        text);
  }

  /** The seed: an integer from 0 to 2^63-1 (a long, as ksim's --seed), 1 when absent. */
  private long seed(JsonNode node) {
    if (node.isMissingNode()) {
      return 1;
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < 0) {
      throw error(
          "seed", "seed is an integer from 0 to " + Long.MAX_VALUE + ", got " + node.asText());
    }
    return node.asLong();
  }

  private Step step(JsonNode node, String path) {
    if (!node.isObject()) {
      throw error(path, "a step is a mapping with one of " + STEPS);
    }
    List<String> kinds = new ArrayList<>();
    node.fieldNames()
        .forEachRemaining(
            k -> {
              if (STEPS.contains(k)) {
                kinds.add(k);
              } else if (!STEP_OPTIONS.contains(k)) {
                throw error(
                    path + "." + k,
                    "unknown key \""
                        + k
                        + "\" in a step"
                        + Suggestions.didYouMean(k, union(STEPS, STEP_OPTIONS))
                        + " (a step has one of "
                        + String.join(", ", sorted(STEPS))
                        + ", and may have "
                        + String.join(", ", sorted(STEP_OPTIONS))
                        + ")");
              }
            });
    if (kinds.size() != 1) {
      throw error(path, "a step has exactly one of " + String.join(", ", sorted(STEPS)));
    }
    String kind = kinds.get(0);
    String at = path + "." + kind;
    JsonNode value = node.get(kind);
    SourceLocation where = doc.locate(at);
    Expectation expect =
        node.has("expect") ? expectation(node.get("expect"), path + ".expect") : null;
    return switch (kind) {
      case "say" -> new Step.Say(value.asText(), where);
      case "apply" -> apply(value, at, node.path("settle").asBoolean(true), expect);
      case "delete" -> delete(value, at, expect);
      case "scale" -> {
        Ref ref = target(value, at);
        if (!value.path("replicas").canConvertToInt() || value.path("replicas").asInt() < 0) {
          throw error(at + ".replicas", "replicas is a number of at least 0");
        }
        yield new Step.Scale(
            ref.kind(), ref.namespace(), ref.name(), value.get("replicas").asInt(), where, expect);
      }
      case "patch" -> {
        Ref ref = target(value, at);
        boolean strategic = value.has("strategic");
        JsonNode body = value.get(strategic ? "strategic" : "merge");
        if (body == null || !body.isObject() || (strategic && value.has("merge"))) {
          throw error(
              at,
              "patch needs merge: {a JSON merge patch} or strategic: {a strategic merge patch}");
        }
        yield new Step.Patch(
            ref.kind(), ref.namespace(), ref.name(), body, strategic, where, expect);
      }
      case "edit" -> edit(value, at, where, expect);
      case "restart" -> {
        String target = value.asText("");
        if (target.equals("kube-proxy")) {
          yield new Step.Restart("kube-proxy", "kube-system", "kube-proxy", where, expect);
        }
        Ref ref = ref(target, node.path("namespace").asText("default"), at);
        if (!Set.of("Deployment", "StatefulSet", "DaemonSet").contains(ref.kind())) {
          throw error(at, "restart takes kube-proxy or a deployment, statefulset or daemonset");
        }
        yield new Step.Restart(ref.kind(), ref.namespace(), ref.name(), where, expect);
      }
      case "wait" -> {
        String text = value.asText("");
        if (text.equals("until-quiet")) {
          yield new Step.Wait(null, "quiet", where, expect);
        }
        yield new Step.Wait(duration(text, at), "", where, expect);
      }
      case "run" -> run(node, value.asText(""), path, at, where, expect);
      case "quiz" -> {
        if (expect != null) {
          throw error(path + ".expect", "a quiz step's answers are its questions, not expect");
        }
        yield quiz(value, at, where);
      }
      default -> trace(value, at, where, expect);
    };
  }

  private Step apply(JsonNode value, String at, boolean settle, @Nullable Expectation expect) {
    if (value.isTextual() && !value.asText().contains("\n")) {
      String file = value.asText();
      if (dir == null) {
        throw error(at, "a bundled scenario applies inline manifests (apply: |), not files");
      }
      return new Step.Apply(
          file, TextFiles.read(insideFolder(dir, file, at)), settle, doc.locate(at), expect);
    }
    if (value.isTextual()) {
      return new Step.Apply("-", value.asText(), settle, doc.locate(at), expect);
    }
    throw error(at, "apply takes a file name or manifests written inline (apply: |)");
  }

  /**
   * {@code file} resolved in the scenario's folder, refused when it leads outside it (an absolute
   * path, {@code ..}, or a link out), as scenario.schema.json says apply reads.
   */
  private Path insideFolder(Path folder, String file, String at) {
    Path path;
    try {
      path = folder.resolve(file).normalize();
    } catch (java.nio.file.InvalidPathException e) {
      throw error(at, "not a file name: " + file);
    }
    boolean inside = path.startsWith(folder.normalize());
    if (inside && Files.exists(path)) {
      try {
        inside = path.toRealPath().startsWith(folder.toRealPath());
      } catch (IOException e) {
        throw error(at, "cannot read " + file + ": " + e.getMessage());
      }
    }
    if (!inside) {
      throw error(
          at, "apply reads files in the scenario's folder only, and " + file + " is outside it");
    }
    return path;
  }

  private Step delete(JsonNode value, String at, @Nullable Expectation expect) {
    if (value.isTextual()) {
      Ref ref = ref(value.asText(), "default", at);
      return new Step.Delete(
          ref.kind(), ref.namespace(), ref.name(), "", false, doc.locate(at), expect);
    }
    String kind = kind(value.path("kind").asText(""), at + ".kind");
    String selector = value.path("selector").asText("");
    if (selector.isEmpty()) {
      throw error(at + ".selector", "delete takes KIND/NAME or {kind, selector, all?}");
    }
    return new Step.Delete(
        kind,
        value.path("namespace").asText("default"),
        "",
        selector,
        value.path("all").asBoolean(false),
        doc.locate(at),
        expect);
  }

  /** {@code edit: {target, set: {a.b.c: value}}}: the dotted fields as a merge patch. */
  private Step edit(JsonNode value, String at, SourceLocation where, @Nullable Expectation expect) {
    Ref ref =
        ref(
            value.path("target").asText(""),
            value.path("namespace").asText("default"),
            at + ".target");
    JsonNode set = value.get("set");
    if (set == null || !set.isObject() || set.isEmpty()) {
      throw error(at + ".set", "edit needs set: {dotted.field: value}");
    }
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    for (Iterator<Map.Entry<String, JsonNode>> it = set.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      ObjectNode parent = patch;
      String[] parts = field.getKey().split("\\.");
      for (int i = 0; i < parts.length - 1; i++) {
        parent =
            parent.has(parts[i]) ? (ObjectNode) parent.get(parts[i]) : parent.putObject(parts[i]);
      }
      parent.set(parts[parts.length - 1], field.getValue());
    }
    if (ref.kind().equals("ConfigMap") && ref.name().equals("kube-proxy")) {
      // kube-proxy's settings live as YAML inside data.config.conf: mode, ipvs.scheduler, ...
      return new Step.EditKubeProxy(patch, where, expect);
    }
    return new Step.Patch(ref.kind(), ref.namespace(), ref.name(), patch, false, where, expect);
  }

  private Step run(
      JsonNode node,
      String command,
      String path,
      String at,
      SourceLocation where,
      @Nullable Expectation expect) {
    List<List<String>> stages =
        CommandLines.split(command).orElseThrow(() -> error(at, "unclosed quote in: " + command));
    for (List<String> stage : stages) {
      if (stage.isEmpty()) {
        throw error(at, "an empty command in: " + command);
      }
      String tool = stage.get(0);
      if (!Shell.COMMANDS.contains(tool)) {
        throw error(
            at,
            "unknown command `" + tool + "` (ksim runs " + String.join(", ", Shell.COMMANDS) + ")");
      }
    }
    String where2 = node.path("in").asText(node.path("on").asText(""));
    if (!where2.isEmpty() && !where2.startsWith("pod/") && !where2.startsWith("node/")) {
      throw error(
          path + (node.has("in") ? ".in" : ".on"), "expected pod/NAMESPACE/NAME or node/NAME");
    }
    int count = node.path("count").asInt(1);
    if (count < 1 || count > 10_000) {
      throw error(path + ".count", "count is between 1 and 10000");
    }
    List<String> argv = new ArrayList<>();
    for (int i = 0; i < stages.size(); i++) {
      if (i > 0) {
        argv.add("|");
      }
      argv.addAll(stages.get(i));
    }
    return new Step.Run(command, argv, where2, count, where, expect);
  }

  private Step trace(
      JsonNode value, String at, SourceLocation where, @Nullable Expectation expect) {
    String from = required(value, "from", at).asText();
    String to = required(value, "to", at).asText();
    return new Step.Trace(
        from,
        to,
        value.path("protocol").asText("tcp"),
        value.has("node") ? value.get("node").asText() : null,
        where,
        expect);
  }

  private Step quiz(JsonNode value, String at, SourceLocation where) {
    if (!value.isObject()) {
      throw error(at, "quiz is a mapping {title?, questions: [...]}");
    }
    keys(value, at, QUIZ);
    JsonNode list = required(value, "questions", at);
    if (!list.isArray() || list.isEmpty()) {
      throw error(at + ".questions", "questions is a non-empty list");
    }
    List<Question> questions = new ArrayList<>();
    Set<String> ids = new TreeSet<>();
    for (int i = 0; i < list.size(); i++) {
      String qat = at + ".questions[" + i + "]";
      Question q = question(list.get(i), qat, "q" + (i + 1));
      if (!ids.add(q.id())) {
        throw error(qat + ".id", "two questions are called " + q.id());
      }
      questions.add(q);
    }
    return new Step.Quiz(value.path("title").asText("Quiz"), questions, where);
  }

  private Question question(JsonNode node, String at, String defaultId) {
    if (!node.isObject()) {
      throw error(at, "a question is a mapping {ask, answer, trace | dig}");
    }
    keys(node, at, QUESTION);
    String ask = required(node, "ask", at).asText();
    String token = required(node, "answer", at).asText();
    QuestionKind kind =
        QuestionKind.tryParse(token)
            .orElseThrow(
                () ->
                    error(
                        at + ".answer",
                        "unknown answer \""
                            + token
                            + "\""
                            + Suggestions.didYouMean(token, QuestionKind.tokens())
                            + " (known: "
                            + String.join(", ", QuestionKind.tokens())
                            + ")"));
    String id = node.path("id").asText(defaultId);
    if (!id.matches("[A-Za-z0-9_-]+")) {
      throw error(at + ".id", "an id is letters, digits, - or _");
    }
    SourceLocation where = doc.locate(at);
    if (kind == QuestionKind.DIG) {
      if (node.has("trace") || !node.has("dig")) {
        throw error(at, "answer: dig takes dig: {in: pod/NAMESPACE/NAME, name: NAME}");
      }
      JsonNode dig = node.get("dig");
      keys(dig, at + ".dig", DIG);
      String in = required(dig, "in", at + ".dig").asText();
      if (!in.startsWith("pod/")) {
        throw error(at + ".dig.in", "dig runs in a pod: pod/NAMESPACE/NAME");
      }
      return new Question(
          id, ask, kind, in, required(dig, "name", at + ".dig").asText(), "udp", null, where);
    }
    if (node.has("dig") || !node.has("trace")) {
      throw error(at, "answer: " + token + " takes trace: {from, to: HOST:PORT, protocol?, node?}");
    }
    JsonNode trace = node.get("trace");
    keys(trace, at + ".trace", TRACE);
    String protocol = trace.path("protocol").asText("tcp");
    if (!Set.of("tcp", "udp", "sctp").contains(protocol)) {
      throw error(at + ".trace.protocol", "protocol is tcp, udp or sctp, got " + protocol);
    }
    String to = required(trace, "to", at + ".trace").asText();
    if (!to.matches(".+:\\d{1,5}")) {
      throw error(at + ".trace.to", "to is HOST:PORT, got " + to);
    }
    return new Question(
        id,
        ask,
        kind,
        required(trace, "from", at + ".trace").asText(),
        to,
        protocol,
        trace.has("node") ? trace.get("node").asText() : null,
        where);
  }

  private Expectation expectation(JsonNode node, String path) {
    if (!node.isObject()) {
      throw error(path, "expect is a mapping of " + sorted(EXPECT));
    }
    keys(node, path, EXPECT);
    for (String regex : strings(node.path("matches"), path + ".matches")) {
      try {
        Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        throw error(path + ".matches", "not a regular expression: " + e.getDescription());
      }
    }
    return new Expectation(
        strings(node.path("contains"), path + ".contains"),
        strings(node.path("not-contains"), path + ".not-contains"),
        strings(node.path("matches"), path + ".matches"),
        node.has("equals") ? node.get("equals").asText() : null,
        node.has("exit") ? node.get("exit").asInt() : null,
        node.has("verdict") ? node.get("verdict").asText().toUpperCase(Locale.ROOT) : null,
        node.has("backend") ? node.get("backend").asText() : null,
        node.has("masqueraded") ? node.get("masqueraded").asBoolean() : null,
        node.has("distinct-backends") ? node.get("distinct-backends").asInt() : null,
        node.has("even-within") ? node.get("even-within").asDouble() : null,
        node.has("rcode") ? node.get("rcode").asText().toUpperCase(Locale.ROOT) : null,
        strings(node.path("answers"), path + ".answers"),
        doc.locate(path));
  }

  /** The {@code target} (and {@code namespace}) of a step's mapping. */
  private Ref target(JsonNode value, String at) {
    return ref(
        value.path("target").asText(""), value.path("namespace").asText("default"), at + ".target");
  }

  /** A {@code kind/name} reference. */
  record Ref(String kind, String namespace, String name) {}

  private Ref ref(String text, String namespace, String at) {
    int slash = text.indexOf('/');
    if (slash <= 0 || slash == text.length() - 1) {
      throw error(at, "expected KIND/NAME (e.g. deployment/nginx), got \"" + text + "\"");
    }
    return new Ref(kind(text.substring(0, slash), at), namespace, text.substring(slash + 1));
  }

  private String kind(String name, String at) {
    return ResourceType.forName(name)
        .map(ResourceType::kind)
        .orElseThrow(() -> error(at, "unknown kind \"" + name + "\""));
  }

  private Duration duration(String text, String at) {
    var m = DURATION.matcher(text);
    if (!m.matches()) {
      throw error(
          at, "wait takes a duration (30s, 5m, 2h, 500ms) or until-quiet, got \"" + text + "\"");
    }
    Duration longest = QuietBounds.DEFAULT.maxSimulatedTime();
    String digits = m.group(1);
    Duration unit =
        switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(1);
          case "s" -> Duration.ofSeconds(1);
          case "m" -> Duration.ofMinutes(1);
          default -> Duration.ofHours(1);
        };
    if (digits.length() > 12 || unit.multipliedBy(Long.parseLong(digits)).compareTo(longest) > 0) {
      throw error(
          at,
          "wait is at most "
              + longest.toHours()
              + "h of simulated time (ksim runs every event in between, so a longer wait would"
              + " take minutes), got "
              + text);
    }
    return unit.multipliedBy(Long.parseLong(digits));
  }

  private void keys(JsonNode node, String path, Set<String> allowed) {
    node.fieldNames()
        .forEachRemaining(
            k -> {
              if (!allowed.contains(k)) {
                String at = path.isEmpty() ? k : path + "." + k;
                throw error(
                    at,
                    "unknown key \""
                        + k
                        + "\""
                        + Suggestions.didYouMean(k, allowed)
                        + " (known: "
                        + String.join(", ", sorted(allowed))
                        + ")");
              }
            });
  }

  private JsonNode required(JsonNode node, String field) {
    return required(node, field, "");
  }

  private JsonNode required(JsonNode node, String field, String path) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw error(path.isEmpty() ? field : path + "." + field, field + " is required");
    }
    return value;
  }

  private List<String> strings(JsonNode node, String path) {
    if (node.isMissingNode() || node.isNull()) {
      return List.of();
    }
    if (node.isValueNode()) {
      return List.of(node.asText());
    }
    if (!node.isArray()) {
      throw error(path, "expected a string or a list of strings");
    }
    List<String> out = new ArrayList<>();
    node.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    return com.google.common.collect.Sets.union(a, b);
  }

  private static List<String> sorted(Set<String> set) {
    return set.stream().sorted().toList();
  }

  private ScenarioException error(String field, String message) {
    return new ScenarioException(doc.locate(field), message);
  }

  /** A JSON value on one line, as {@code kubectl patch -p} takes it. */
  static String show(JsonNode node) {
    try {
      return KubernetesJson.JSON.writeValueAsString(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return node.toString();
    }
  }
}
