package dev.ksim.view;

import dev.ksim.netfilter.eval.ChainVisit;
import dev.ksim.netfilter.eval.HookTraversal;
import dev.ksim.netfilter.eval.RuleHit;
import dev.ksim.netfilter.eval.TableTraversal;
import dev.ksim.netfilter.hook.FunctionRun;
import dev.ksim.netfilter.hook.HookRecord;
import dev.ksim.netfilter.nft.eval.NftChainTraversal;
import dev.ksim.netfilter.nft.eval.NftChainVisit;
import dev.ksim.netfilter.nft.eval.NftRuleHit;
import dev.ksim.netfilter.nft.eval.NftWalk;
import dev.ksim.trace.Hop;
import dev.ksim.trace.Step;
import dev.ksim.trace.StepVisitor;
import dev.ksim.trace.Trace;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A trace for the terminal: a summary line, then each hop with one line per step; inside a hook,
 * each iptables table and nftables base chain in priority order, with the rules that matched as
 * {@code iptables-save} or {@code nft list} prints them, nested chains indented, how many rules
 * were tried before the one that matched, and what an nftables set or map lookup found.
 */
public final class TraceRenderer {
  private TraceRenderer() {}

  public static String render(Trace trace) {
    StringBuilder sb = new StringBuilder();
    sb.append(trace.protocol().token())
        .append(' ')
        .append(trace.source())
        .append(" -> ")
        .append(trace.destination())
        .append("   verdict ")
        .append(trace.verdict())
        .append("   endpoint ")
        .append(TraceJson.orNone(trace.endpoint()))
        .append("   masqueraded ")
        .append(trace.masqueraded() ? "yes" : "no")
        .append('\n');
    if (!trace.candidates().isEmpty()) {
      sb.append("candidates ")
          .append(
              trace.candidates().stream().map(Object::toString).collect(Collectors.joining(", ")))
          .append('\n');
    }
    hops(sb, "hop ", trace.hops());
    Trace.Reply reply = trace.reply();
    if (reply != null) {
      sb.append("reply  ").append(reply.summary()).append('\n');
      hops(sb, "reply hop ", reply.hops());
    }
    return sb.toString();
  }

  private static void hops(StringBuilder sb, String label, List<Hop> hops) {
    int number = 1;
    for (Hop hop : hops) {
      sb.append(label)
          .append(number++)
          .append("  ")
          .append(hop.node())
          .append("  ")
          .append(hop.netns())
          .append('\n');
      for (Step step : hop.steps()) {
        sb.append(step.accept(STEP));
      }
    }
  }

  private static String line(String label, String text) {
    return String.format(Locale.ROOT, "  %-12s %s%n", label, text);
  }

  private static final StepVisitor<String> STEP =
      new StepVisitor<>() {
        @Override
        public String visitOriginated(Step.Originated s) {
          return line(
              "originated", s.source() + " -> " + s.destination() + " " + s.protocol().token());
        }

        @Override
        public String visitReceived(Step.Received s) {
          return line("received", s.iface());
        }

        @Override
        public String visitConntrack(Step.ConntrackLookedUp s) {
          return line(
              "conntrack",
              s.state()
                  + (s.created() ? "  (new entry: " : "  (entry: ")
                  + s.entry().original().text()
                  + ")");
        }

        @Override
        public String visitHook(Step.HookTraversed s) {
          StringBuilder sb = new StringBuilder();
          HookTraversal traversal = s.traversal();
          if (traversal.tables().isEmpty() && traversal.nftChains().isEmpty()) {
            return line(traversal.hook().name(), "(no rules)  " + traversal.verdict());
          }
          int nextChain = 0;
          List<NftChainTraversal> chains = traversal.nftChains();
          for (TableTraversal t : traversal.tables()) {
            int priority = t.table().priority(traversal.hook());
            while (nextChain < chains.size() && chains.get(nextChain).priority() < priority) {
              nftChain(sb, traversal, chains.get(nextChain++));
            }
            String verdict = t.verdict() + (t.policyDecided() ? " (policy)" : "");
            sb.append(
                String.format(
                    Locale.ROOT,
                    "  %-12s %-7s %s%n",
                    traversal.hook().name(),
                    t.table().token(),
                    verdict));
            if (t.visit() != null) {
              chain(sb, t.visit(), 2);
            }
          }
          while (nextChain < chains.size()) {
            nftChain(sb, traversal, chains.get(nextChain++));
          }
          return sb.toString();
        }

        @Override
        public String visitHookFunction(Step.HookFunctionRan s) {
          FunctionRun run = s.run();
          StringBuilder sb =
              new StringBuilder(
                  String.format(
                      Locale.ROOT,
                      "  %-12s %-7s %s%n",
                      run.hook().name(),
                      run.priority(),
                      run.name() + " " + run.result().verdict()));
          HookRecord record = run.result().record();
          if (record != null) {
            record.lines().forEach(l -> sb.append("    ").append(l).append('\n'));
          }
          return sb.toString();
        }

        @Override
        public String visitTranslated(Step.Translated s) {
          String field = s.translation().isSource() ? "src" : "dst";
          String label = s.translation().kind().name().toLowerCase(Locale.ROOT).replace('_', ' ');
          return line(
              label, field + " " + s.translation().before() + " -> " + s.translation().after());
        }

        @Override
        public String visitRouted(Step.Routed s) {
          return line("routed", s.decision() + " dev " + s.iface());
        }

        @Override
        public String visitTransmitted(Step.Transmitted s) {
          return line("transmitted", s.iface());
        }

        @Override
        public String visitEncapsulated(Step.Encapsulated s) {
          return line(
              "encap",
              s.iface()
                  + ": vxlan vni "
                  + s.vni()
                  + " in udp "
                  + s.outerSource()
                  + " -> "
                  + s.outerDestination());
        }

        @Override
        public String visitDecapsulated(Step.Decapsulated s) {
          return line("decap", "vxlan vni " + s.vni() + ", inner packet enters " + s.iface());
        }

        @Override
        public String visitDelivered(Step.Delivered s) {
          return line("delivered", s.where());
        }

        @Override
        public String visitDropped(Step.Dropped s) {
          return line("dropped", s.reason());
        }
      };

  /**
   * An nftables base chain at its hook: the table, the chain and its priority, the verdict, then
   * the rules that decided (jumps and gotos nested), each with what its set or map lookup found.
   */
  private static void nftChain(StringBuilder sb, HookTraversal traversal, NftChainTraversal chain) {
    NftWalk walk = chain.walk();
    sb.append(
        String.format(
            Locale.ROOT,
            "  %-12s %s %s priority %d  %s%n",
            traversal.hook().name(),
            chain.table(),
            chain.chain(),
            chain.priority(),
            walk.verdict() + (walk.policyDecided() ? " (policy)" : "")));
    if (walk.visit() != null) {
      nftVisit(sb, walk.visit(), 2);
    }
  }

  private static void nftVisit(StringBuilder sb, NftChainVisit visit, int depth) {
    int previous = 0;
    boolean verbose = visit.hits().stream().anyMatch(h -> !h.matched());
    for (NftRuleHit hit : visit.hits()) {
      int skipped = hit.ruleNumber() - previous - 1;
      previous = hit.ruleNumber();
      sb.append("  ".repeat(depth + 1))
          .append(visit.chain())
          .append(" #")
          .append(hit.ruleNumber())
          .append("  ")
          .append(hit.ruleText());
      if (hit.matched()) {
        sb.append("  → ").append(hit.outcome());
      } else {
        sb.append("  (no match: ").append(hit.missedOn()).append(')');
      }
      if (hit.lookup() != null) {
        sb.append("  [").append(hit.lookup()).append(']');
      }
      if (skipped > 0 && !verbose) {
        sb.append("  (")
            .append(skipped)
            .append(skipped == 1 ? " rule" : " rules")
            .append(" before it did not match)");
      }
      sb.append('\n');
      if (hit.jumpedInto() != null) {
        nftVisit(sb, hit.jumpedInto(), depth + 1);
      }
    }
  }

  private static void chain(StringBuilder sb, ChainVisit visit, int depth) {
    int previous = 0;
    boolean verbose = visit.hits().stream().anyMatch(h -> !h.matched());
    for (RuleHit hit : visit.hits()) {
      String indent = "  ".repeat(depth + 1);
      int skipped = hit.ruleNumber() - previous - 1;
      previous = hit.ruleNumber();
      sb.append(indent)
          .append(visit.chain())
          .append(" #")
          .append(hit.ruleNumber())
          .append("  ")
          .append(hit.ruleText());
      if (!hit.matched()) {
        sb.append("  (no match: ").append(hit.missedOn()).append(')');
      } else if (hit.draw() != null) {
        sb.append(String.format(Locale.ROOT, "  (won the %.2f draw)", hit.draw()));
      }
      if (skipped > 0 && !verbose) {
        sb.append("  (")
            .append(skipped)
            .append(skipped == 1 ? " rule" : " rules")
            .append(" before it did not match)");
      }
      sb.append('\n');
      if (hit.jumpedInto() != null) {
        chain(sb, hit.jumpedInto(), depth + 1);
      }
    }
  }
}
