package dev.ksim.scenario;

import dev.ksim.dns.DnsMessage;
import dev.ksim.dns.DnsRecord;
import dev.ksim.scenario.shell.ShellResult;
import dev.ksim.trace.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** An expectation checked against what a step left. */
final class Checks {
  private static final int SHOWN = 200;

  private Checks() {}

  static List<Check> of(Expectation expect, ScenarioRunner.Facts facts) {
    List<Check> checks = new ArrayList<>();
    String output = facts.output().stdout() + facts.output().stderr();
    for (String text : expect.contains()) {
      checks.add(
          Check.of(
              "output contains \"" + text + "\"", output.contains(text), "got " + shown(output)));
    }
    for (String text : expect.notContains()) {
      checks.add(
          Check.of(
              "output does not contain \"" + text + "\"",
              !output.contains(text),
              "got " + shown(output)));
    }
    for (String regex : expect.matches()) {
      boolean found = Pattern.compile(regex, Pattern.MULTILINE).matcher(output).find();
      checks.add(Check.of("output matches /" + regex + "/", found, "got " + shown(output)));
    }
    if (expect.equals() != null) {
      checks.add(
          Check.of(
              "output is exactly as written",
              facts.output().stdout().equals(expect.equals()),
              "got " + shown(facts.output().stdout())));
    }
    if (expect.exit() != null) {
      checks.add(
          Check.of(
              "exit status " + expect.exit(),
              facts.output().exitCode() == expect.exit(),
              "got " + facts.output().exitCode()));
    }
    List<Trace> traces = traces(facts);
    if (expect.verdict() != null) {
      List<String> verdicts = traces.stream().map(t -> t.verdict().name()).distinct().toList();
      checks.add(
          Check.of(
              "verdict " + expect.verdict(),
              !traces.isEmpty() && verdicts.equals(List.of(expect.verdict())),
              "got " + verdicts));
    }
    if (expect.masqueraded() != null) {
      List<Boolean> masqueraded = traces.stream().map(Trace::masqueraded).distinct().toList();
      checks.add(
          Check.of(
              "masqueraded " + expect.masqueraded(),
              masqueraded.equals(List.of(expect.masqueraded())),
              "got " + masqueraded));
    }
    List<String> backends = backends(facts);
    if (expect.backend() != null) {
      String wanted = expect.backend();
      boolean ok =
          !backends.isEmpty() && backends.stream().allMatch(b -> matchesBackend(b, wanted));
      checks.add(Check.of("answered by " + wanted, ok, "got " + backends));
    }
    Map<String, Integer> counts = new TreeMap<>();
    backends.stream().filter(b -> !b.isEmpty()).forEach(b -> counts.merge(b, 1, Integer::sum));
    if (expect.distinctBackends() != null) {
      checks.add(
          Check.of(
              expect.distinctBackends() + " different pods answer",
              counts.size() == expect.distinctBackends(),
              "got " + counts));
    }
    if (expect.evenWithin() != null) {
      double share = counts.isEmpty() ? 0 : 1.0 / counts.size();
      boolean even =
          !counts.isEmpty()
              && counts.values().stream()
                  .allMatch(
                      n -> Math.abs((double) n / backends.size() - share) <= expect.evenWithin());
      checks.add(
          Check.of(
              "an even share each, within " + expect.evenWithin(),
              even,
              "got " + counts + " of " + backends.size()));
    }
    DnsMessage reply = facts.shell() == null ? null : facts.shell().dnsReply();
    if (expect.rcode() != null) {
      String rcode = reply == null ? "no reply" : reply.rcode().toString();
      checks.add(
          Check.of("DNS rcode " + expect.rcode(), rcode.equals(expect.rcode()), "got " + rcode));
    }
    if (!expect.answers().isEmpty()) {
      List<String> answers =
          reply == null
              ? List.of()
              : reply.answer().stream().map(DnsRecord::data).map(d -> d.text()).sorted().toList();
      List<String> wanted = expect.answers().stream().sorted().toList();
      checks.add(Check.of("DNS answers " + wanted, answers.equals(wanted), "got " + answers));
    }
    return checks;
  }

  private static List<Trace> traces(ScenarioRunner.Facts facts) {
    if (facts.trace() != null) {
      return List.of(facts.trace());
    }
    ShellResult shell = facts.shell();
    return shell == null ? List.of() : shell.traces();
  }

  private static List<String> backends(ScenarioRunner.Facts facts) {
    Trace trace = facts.trace();
    if (trace != null) {
      Trace.Backend backend = trace.backend();
      return List.of(
          backend == null || backend.pod().isEmpty()
              ? ""
              : backend.namespace() + "/" + backend.pod());
    }
    ShellResult shell = facts.shell();
    return shell == null ? List.of() : shell.answeredBy();
  }

  /** A pod name prefix ({@code nginx-}) or {@code namespace/prefix}. */
  private static boolean matchesBackend(String backend, String wanted) {
    return wanted.contains("/")
        ? backend.startsWith(wanted)
        : backend.substring(backend.indexOf('/') + 1).startsWith(wanted);
  }

  private static String shown(@Nullable String text) {
    String t = text == null ? "" : text.strip().replace("\n", "\\n");
    return "\"" + (t.length() > SHOWN ? t.substring(0, SHOWN) + "..." : t) + "\"";
  }
}
