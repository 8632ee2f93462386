package dev.ksim.scenario;

import dev.ksim.cluster.Cluster;
import dev.ksim.datapath.ClusterDatapath;
import dev.ksim.input.KsimInputException;
import dev.ksim.netfilter.eval.ChainVisit;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.netfilter.eval.RuleHit;
import dev.ksim.netfilter.eval.TableTraversal;
import dev.ksim.scenario.shell.Shell;
import dev.ksim.trace.Hop;
import dev.ksim.trace.Step;
import dev.ksim.trace.Trace;
import dev.ksim.view.CommandResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Computes a quiz question's answer from the simulated cluster as it is when the quiz step runs,
 * and compares a student's answer with it. The question's packet meets the connections the steps
 * before it left, as the scenario's own trace steps do, so the key is the same on every replay of
 * the same scenario and seed.
 */
public final class QuizKey {
  private static final String KUBE_SERVICES = "KUBE-SERVICES";

  private QuizKey() {}

  /** The right answer to {@code question} on {@code cluster}, as a student would type it. */
  public static String answer(Cluster cluster, Question question) {
    String from = Placeholders.expand(question.from(), cluster, question.at());
    String to = Placeholders.expand(question.to(), cluster, question.at());
    if (question.kind() == QuestionKind.DIG) {
      ClusterDatapath datapath = cluster.datapath(Recording.NONE);
      CommandResult output =
          new Shell(cluster, datapath).run(from, List.of("dig", "+short", to)).output();
      return String.join(", ", output.stdout().strip().lines().map(String::strip).toList());
    }
    Trace trace = trace(cluster, question, from, to);
    return switch (question.kind()) {
      case POD -> trace.backend() == null ? "none" : trace.backend().pod();
      case NODE -> trace.backend() == null ? "none" : trace.backend().node();
      case ENDPOINT -> trace.endpoint() == null ? "none" : trace.endpoint().toString();
      case MASQUERADED -> trace.masqueraded() ? "yes" : "no";
      case VERDICT -> trace.verdict().name();
      case SERVICE_CHAIN -> serviceChain(trace).orElse("none");
      case ENDPOINTS -> Integer.toString(trace.candidates().size());
      case DIG -> throw new IllegalStateException("dig is answered above");
    };
  }

  /**
   * Whether {@code given} is the answer {@code expected}: compared without case and surrounding
   * blanks, yes/no also as true/false, and a list of addresses in any order.
   */
  public static boolean accepts(String expected, String given) {
    return normal(expected).equals(normal(given));
  }

  private static List<String> normal(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    t =
        switch (t) {
          case "true", "y" -> "yes";
          case "false", "n" -> "no";
          default -> t;
        };
    List<String> parts = new ArrayList<>();
    for (String part : t.split("[,\\s]+")) {
      String p = part.endsWith(".") ? part.substring(0, part.length() - 1) : part;
      if (!p.isEmpty()) {
        parts.add(p);
      }
    }
    parts.sort(null);
    return parts;
  }

  private static Trace trace(Cluster cluster, Question question, String from, String to) {
    FlowTracer.Result result;
    try {
      result =
          FlowTracer.trace(
              cluster, Recording.MATCHED, from, to, question.protocol(), question.node());
    } catch (KsimInputException e) {
      throw new ScenarioException(question.at(), String.valueOf(e.getMessage()));
    }
    Trace trace = result.trace();
    if (trace == null) {
      throw new ScenarioException(
          question.at(), "the question's packet cannot be sent: " + to + " does not resolve");
    }
    return trace;
  }

  /** The chain the first node's KUBE-SERVICES jumped to, from the trace's matched rules. */
  private static Optional<String> serviceChain(Trace trace) {
    for (Hop hop : trace.hops()) {
      for (Step step : hop.steps()) {
        if (step instanceof Step.HookTraversed hook) {
          for (TableTraversal table : hook.traversal().tables()) {
            Optional<String> chain = jumpFrom(table.visit());
            if (chain.isPresent()) {
              return chain;
            }
          }
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<String> jumpFrom(@Nullable ChainVisit visit) {
    if (visit == null) {
      return Optional.empty();
    }
    for (RuleHit hit : visit.hits()) {
      ChainVisit into = hit.jumpedInto();
      if (hit.matched() && into != null) {
        if (visit.chain().equals(KUBE_SERVICES)) {
          return Optional.of(into.chain());
        }
        Optional<String> deeper = jumpFrom(into);
        if (deeper.isPresent()) {
          return deeper;
        }
      }
    }
    return Optional.empty();
  }
}
