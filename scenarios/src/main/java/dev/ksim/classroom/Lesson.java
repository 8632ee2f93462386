package dev.ksim.classroom;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ksim.cluster.Cluster;
import dev.ksim.input.KsimInputException;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.resolver.HostLookup;
import dev.ksim.scenario.FlowTracer;
import dev.ksim.scenario.Graded;
import dev.ksim.scenario.KeyedQuestion;
import dev.ksim.scenario.QuizKey;
import dev.ksim.scenario.Scenario;
import dev.ksim.scenario.ScenarioRunner;
import dev.ksim.scenario.ScoreSheet;
import dev.ksim.trace.Trace;
import dev.ksim.view.DnsJson;
import dev.ksim.view.TraceJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One student's classroom: a cluster (from manifests, or a scenario played step by step on
 * request), the traces they ask for, and their quiz answers graded against the key computed on
 * their own cluster. Not thread-safe: the server hands it one request at a time.
 */
final class Lesson {
  private final Cluster cluster;
  private final ScenarioRunner.@Nullable Stepper stepper;
  private final @Nullable Scenario scenario;
  private final List<KeyedQuestion> key;
  private final String student;
  private final long seed;
  private final List<Graded> graded = new ArrayList<>();
  private final List<String> played = new ArrayList<>();
  private final Timeline timeline;
  private @Nullable ObjectNode lastTrace;

  private Lesson(
      Cluster cluster,
      ScenarioRunner.@Nullable Stepper stepper,
      @Nullable Scenario scenario,
      String student,
      long seed) {
    this.cluster = cluster;
    this.stepper = stepper;
    this.scenario = scenario;
    this.key = scenario == null ? List.of() : ScenarioRunner.answerKey(scenario);
    this.student = student;
    this.seed = seed;
    this.timeline = Timeline.record(cluster);
  }

  /** A lesson on a cluster started from manifests. */
  static Lesson of(Cluster cluster) {
    return new Lesson(cluster, null, null, "", cluster.options().seed());
  }

  /** A lesson that plays {@code scenario} (already drawn for the student) one step at a time. */
  static Lesson of(Scenario scenario, String student) {
    ScenarioRunner.Stepper stepper = ScenarioRunner.stepper(scenario);
    Lesson lesson = new Lesson(stepper.cluster(), stepper, scenario, student, scenario.seed());
    lesson.played.add(stepper.text());
    return lesson;
  }

  /** The cluster now, with the scenario's progress and its narration so far. */
  ObjectNode cluster() {
    ObjectNode root = ClusterView.of(cluster);
    root.put("seed", Long.toString(seed)); // beyond 2^53: a string, or JavaScript rounds it
    root.put("student", student);
    root.put("time", cluster.clock().now().toString());
    if (scenario != null && stepper != null) {
      ObjectNode s = root.putObject("scenario");
      s.put("name", scenario.name());
      s.put("title", scenario.title());
      s.put("position", stepper.position());
      s.put("steps", scenario.steps().size());
      ObjectNode variables = s.putObject("variables");
      scenario.variables().forEach(variables::put);
      ArrayNode timeline = s.putArray("played");
      played.forEach(timeline::add);
    }
    return root;
  }

  /** Plays the scenario's next step; the new cluster with the step's text last in the timeline. */
  ObjectNode next() {
    if (stepper == null) {
      throw KsimInputException.commandLine("next", "this classroom has no scenario to step");
    }
    if (stepper.hasNext()) {
      ObjectNode moment = timeline.step(stepper.position() + 1);
      String text = stepper.next();
      played.add(text);
      timeline.played(moment, text);
    }
    return cluster();
  }

  /** The cluster's events so far, oldest first. */
  ObjectNode timeline() {
    return timeline.moments();
  }

  /** The cluster as it was at moment {@code index} of the timeline. */
  ObjectNode moment(int index) {
    return timeline.at(index);
  }

  /** A packet traced as {@code ksim trace} does (fresh connection tracking), as page events. */
  ObjectNode trace(String from, String to, String protocol, @Nullable String node) {
    cluster.datapath(Recording.NONE).resetState();
    Map<String, String> before = conntrack();
    FlowTracer.Result result =
        FlowTracer.trace(cluster, Recording.MATCHED, from, to, protocol, node);
    ObjectNode out = TraceJson.node();
    ObjectNode request = out.putObject("request");
    request.put("from", from).put("to", to).put("protocol", protocol);
    ObjectNode dns = lookup(result.lookup());
    out.set("dns", dns);
    Trace trace = result.trace();
    if (trace == null) {
      out.put("error", "could not resolve " + to);
      out.set("events", TraceEvents.of(TraceJson.node(), dns));
      return out;
    }
    ObjectNode json = TraceJson.toJson(trace, null);
    lastTrace = out;
    out.set("trace", json);
    out.set("events", TraceEvents.of(json, dns));
    Map<String, String> after = conntrack();
    ObjectNode nodes = out.putObject("conntrack");
    before.forEach(
        (name, text) ->
            nodes.putObject(name).put("before", text).put("after", after.getOrDefault(name, "")));
    return out;
  }

  /** The last trace asked for, drawn on the cluster as it is now, as SVG. */
  String lastTraceSvg() {
    if (lastTrace == null) {
      throw KsimInputException.commandLine("trace", "no trace yet: trace a packet first");
    }
    return TraceDrawing.of(cluster(), lastTrace);
  }

  /** A node's rules and conntrack table now. */
  ObjectNode node(String name) {
    if (!cluster.nodeNetworks().containsKey(name)) {
      throw KsimInputException.commandLine("node", "no node \"" + name + "\"");
    }
    return NodeView.of(cluster, name);
  }

  /** The quiz questions of the scenario, for this student (answers left out). */
  ObjectNode quiz() {
    ObjectNode out = TraceJson.node();
    ArrayNode questions = out.putArray("questions");
    for (KeyedQuestion q : key) {
      questions.addObject().put("quiz", q.quiz()).put("id", q.id()).put("ask", q.ask());
    }
    return out;
  }

  /** Grades {@code given} as the answer to question {@code id}; the grade says the right answer. */
  ObjectNode answer(String id, String given) {
    KeyedQuestion question =
        key.stream()
            .filter(q -> q.id().equals(id))
            .findFirst()
            .orElseThrow(() -> KsimInputException.commandLine("id", "no question " + id));
    boolean correct = QuizKey.accepts(question.expected(), given);
    graded.add(new Graded(student, seed, id, given, question.expected(), correct));
    ObjectNode out = TraceJson.node();
    out.put("id", id);
    out.put("correct", correct);
    out.put("expected", question.expected());
    out.put("right", graded.stream().filter(Graded::correct).count());
    out.put("answered", graded.size());
    return out;
  }

  /** The graded answers so far. */
  List<Graded> graded() {
    return List.copyOf(graded);
  }

  /** The score sheet of this lesson alone, as CSV. */
  String scores() {
    return ScoreSheet.csv(graded);
  }

  private Map<String, String> conntrack() {
    Map<String, String> tables = new TreeMap<>();
    cluster.nodeNetworks().keySet().forEach(n -> tables.put(n, NodeView.conntrack(cluster, n)));
    return tables;
  }

  private static ObjectNode lookup(@Nullable HostLookup lookup) {
    ObjectNode dns = TraceJson.node();
    if (lookup == null) {
      return dns;
    }
    ArrayNode queries = dns.putArray("queries");
    lookup.exchanges().forEach(e -> queries.add(DnsJson.toJson(e)));
    return dns;
  }
}
