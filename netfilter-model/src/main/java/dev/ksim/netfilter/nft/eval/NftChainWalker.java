package dev.ksim.netfilter.nft.eval;

import dev.ksim.netfilter.hook.HookVerdict;
import dev.ksim.netfilter.nft.NftChain;
import dev.ksim.netfilter.nft.NftElement;
import dev.ksim.netfilter.nft.NftField;
import dev.ksim.netfilter.nft.NftRule;
import dev.ksim.netfilter.nft.NftSet;
import dev.ksim.netfilter.nft.NftStatement;
import dev.ksim.netfilter.nft.NftTable;
import dev.ksim.netfilter.nft.NftValue;
import dev.ksim.netfilter.nft.NftVerdict;
import dev.ksim.netfilter.target.NatRange;
import dev.ksim.netfilter.target.NatRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates one base chain of a table for a packet, as {@code nft_do_chain} does: rules in order, a
 * rule's statements until one does not match ({@code NFT_BREAK}), jumps onto a stack of at most 16
 * return points, gotos without one, the base chain's policy at its end.
 */
public final class NftChainWalker {
  /** NFT_JUMP_STACK_SIZE; the kernel refuses deeper rulesets when they are loaded. */
  private static final int JUMP_STACK = 16;

  private final NftTable table;
  private final NftContext context;
  private final String tableName;
  private final boolean recording;
  private @Nullable NatRequest nat;
  private boolean untracked;

  private NftChainWalker(NftTable table, NftContext context) {
    this.table = table;
    this.context = context;
    this.tableName = table.qualifiedName();
    this.recording = context.recordsHits();
  }

  /** Runs base chain {@code chain} of {@code table} for the context's packet. */
  public static NftWalk walk(NftTable table, NftChain chain, NftContext context) {
    NftChainWalker walker = new NftChainWalker(table, context);
    Run run = walker.run(chain, 0);
    HookVerdict verdict;
    boolean policy = false;
    if (run.terminal() != null) {
      verdict = run.terminal();
    } else {
      policy = true;
      NftVerdict chainPolicy = chain.base() == null ? NftVerdict.ACCEPT : chain.base().policy();
      verdict = chainPolicy.kind() == NftVerdict.Kind.DROP ? HookVerdict.DROP : HookVerdict.ACCEPT;
    }
    NftChainVisit visit = run.visit();
    if (visit != null && policy) {
      visit =
          new NftChainVisit(
              visit.table(),
              visit.chain(),
              visit.hits(),
              visit.rulesEvaluated(),
              NftChainVisit.Exit.POLICY);
    }
    return new NftWalk(
        verdict, walker.nat, context.packet().mark(), walker.untracked, policy, visit);
  }

  /** How a chain ended: a final verdict (terminal) or a return to its caller (null terminal). */
  private record Run(@Nullable HookVerdict terminal, @Nullable NftChainVisit visit) {}

  private Run run(NftChain chain, int depth) {
    if (depth > JUMP_STACK) {
      throw new IllegalStateException("jump stack exceeded in " + chain.name());
    }
    context.cost().chain();
    List<NftRuleHit> hits = recording ? new ArrayList<>() : List.of();
    int evaluated = 0;
    List<NftRule> rules = chain.rules();
    for (int i = 0; i < rules.size(); i++) {
      NftRule rule = rules.get(i);
      evaluated++;
      context.cost().rule();
      Outcome outcome = evaluate(rule);
      if (outcome.missedOn() != null) {
        if (context.recordsMisses()) {
          hits.add(hit(i, rule, "no match", outcome.lookup(), null, outcome.missedOn()));
        }
        continue;
      }
      NftVerdict verdict = outcome.verdict();
      if (outcome.terminal() != null) {
        if (recording) {
          hits.add(hit(i, rule, outcome.describe(), outcome.lookup(), null, null));
        }
        return new Run(
            outcome.terminal(), visit(chain, hits, evaluated, NftChainVisit.Exit.VERDICT));
      }
      if (verdict == null || verdict.kind() == NftVerdict.Kind.CONTINUE) {
        if (recording) {
          hits.add(hit(i, rule, "continue", outcome.lookup(), null, null));
        }
        continue;
      }
      switch (verdict.kind()) {
        case ACCEPT, DROP -> {
          if (recording) {
            hits.add(hit(i, rule, verdict.text(), outcome.lookup(), null, null));
          }
          HookVerdict hook =
              verdict.kind() == NftVerdict.Kind.ACCEPT ? HookVerdict.ACCEPT : HookVerdict.DROP;
          return new Run(hook, visit(chain, hits, evaluated, NftChainVisit.Exit.VERDICT));
        }
        case RETURN -> {
          if (recording) {
            hits.add(hit(i, rule, "return", outcome.lookup(), null, null));
          }
          return new Run(null, visit(chain, hits, evaluated, NftChainVisit.Exit.RETURNED));
        }
        case JUMP, GOTO -> {
          NftChain target = target(verdict);
          Run inner = run(target, depth + 1);
          if (recording) {
            hits.add(hit(i, rule, verdict.text(), outcome.lookup(), inner.visit(), null));
          }
          if (inner.terminal() != null) {
            return new Run(
                inner.terminal(), visit(chain, hits, evaluated, NftChainVisit.Exit.VERDICT));
          }
          if (verdict.kind() == NftVerdict.Kind.GOTO) {
            return new Run(null, visit(chain, hits, evaluated, NftChainVisit.Exit.WENT));
          }
        }
        case CONTINUE -> {
          // handled above
        }
      }
    }
    return new Run(null, visit(chain, hits, evaluated, NftChainVisit.Exit.RETURNED));
  }

  private NftChain target(NftVerdict verdict) {
    String name = verdict.chain();
    return table
        .chain(name == null ? "" : name)
        .orElseThrow(() -> new IllegalStateException("no chain " + name + " in " + tableName));
  }

  private @Nullable NftChainVisit visit(
      NftChain chain, List<NftRuleHit> hits, int evaluated, NftChainVisit.Exit exit) {
    return recording ? new NftChainVisit(tableName, chain.name(), hits, evaluated, exit) : null;
  }

  private static NftRuleHit hit(
      int index,
      NftRule rule,
      String outcome,
      @Nullable String lookup,
      @Nullable NftChainVisit into,
      @Nullable String missedOn) {
    return new NftRuleHit(index + 1, rule.handle(), rule.text(), outcome, lookup, into, missedOn);
  }

  /**
   * What a rule did: it did not match ({@code missedOn}), it ended evaluation ({@code terminal}:
   * reject, NAT), it gave a verdict, or it matched without one.
   */
  private record Outcome(
      @Nullable String missedOn,
      @Nullable HookVerdict terminal,
      @Nullable NftVerdict verdict,
      @Nullable String lookup,
      String describe) {}

  private Outcome evaluate(NftRule rule) {
    Statements statements = new Statements();
    for (NftStatement statement : rule.statements()) {
      Step step = statement.accept(statements);
      if (step == Step.BREAK) {
        return new Outcome(statement.text(), null, null, statements.lookup, "");
      }
      if (step == Step.STOP) {
        return new Outcome(
            null, statements.terminal, statements.verdict, statements.lookup, statements.describe);
      }
    }
    return new Outcome(null, null, null, statements.lookup, "continue");
  }

  /** What one statement did to its rule. */
  private enum Step {
    NEXT,
    BREAK,
    STOP
  }

  /** Evaluates statements of one rule, remembering what decided. */
  private final class Statements implements NftStatement.Visitor<Step> {
    @Nullable HookVerdict terminal;
    @Nullable NftVerdict verdict;
    @Nullable String lookup;
    String describe = "";

    @Override
    public Step visitMatch(NftStatement.Match match) {
      context.cost().match();
      Object datum = match.field().read(context);
      if (datum == null) {
        return Step.BREAK;
      }
      if (match.mask() >= 0 && datum instanceof Long number) {
        datum = number & match.mask();
      }
      return match.value().contains(datum) != match.negated() ? Step.NEXT : Step.BREAK;
    }

    @Override
    public Step visitSetMatch(NftStatement.SetMatch match) {
      context.cost().match();
      context.cost().setLookup();
      List<Object> key = read(match.key());
      if (key == null) {
        return Step.BREAK;
      }
      boolean found;
      String name = match.setName();
      if (name == null) {
        found = match.anonymous().stream().anyMatch(e -> e.contains(key));
      } else {
        found =
            find(name, key).isPresent()
                || context.sets().contains(tableName, name, key, context.nowMillis());
        if (recording) {
          lookup =
              "set " + name + ": " + keyText(match.key(), key) + (found ? " found" : " not found");
        }
      }
      return found != match.negated() ? Step.NEXT : Step.BREAK;
    }

    @Override
    public Step visitVerdictMap(NftStatement.VerdictMap map) {
      context.cost().setLookup();
      List<Object> key = read(map.key());
      if (key == null) {
        return Step.BREAK;
      }
      String name = map.mapName();
      Optional<NftElement> element =
          name == null
              ? map.anonymous().stream().filter(e -> e.contains(key)).findFirst()
              : find(name, key);
      if (element.isEmpty() || element.get().verdict() == null) {
        if (recording && name != null) {
          lookup = "map " + name + ": " + keyText(map.key(), key) + " not found";
        }
        return Step.BREAK;
      }
      NftVerdict found = element.get().verdict();
      if (recording) {
        lookup =
            "map "
                + (name == null ? "{ ... }" : name)
                + ": "
                + keyText(map.key(), key)
                + " → "
                + found.text();
      }
      return verdict(found);
    }

    @Override
    public Step visitNumgen(NftStatement.Numgen numgen) {
      context.cost().setLookup();
      long drawn = context.random(numgen.modulus());
      List<Object> key = List.of(drawn);
      Optional<NftElement> element =
          numgen.elements().stream().filter(e -> e.contains(key)).findFirst();
      if (element.isEmpty() || element.get().verdict() == null) {
        return Step.BREAK;
      }
      NftVerdict found = element.get().verdict();
      if (recording) {
        lookup = "numgen drew " + drawn + " of " + numgen.modulus() + " → " + found.text();
      }
      return verdict(found);
    }

    @Override
    public Step visitVerdict(NftStatement.Verdict statement) {
      return verdict(statement.verdict());
    }

    private Step verdict(NftVerdict found) {
      verdict = found;
      describe = found.text();
      return Step.STOP;
    }

    @Override
    public Step visitReject(NftStatement.Reject reject) {
      terminal = HookVerdict.REJECT;
      describe = reject.text();
      return Step.STOP;
    }

    @Override
    public Step visitCounter(NftStatement.Counter counter) {
      return Step.NEXT;
    }

    @Override
    public Step visitMarkSet(NftStatement.MarkSet markSet) {
      context.setMark(markSet.op().apply(context.packet().mark(), markSet.value()) & 0xffffffffL);
      return Step.NEXT;
    }

    @Override
    public Step visitNat(NftStatement.Nat statement) {
      boolean random = statement.flags().contains("random");
      boolean fully = statement.flags().contains("fully-random");
      int port = statement.port();
      nat =
          switch (statement.kind()) {
            case DNAT ->
                new NatRequest(
                    false,
                    new NatRange(statement.address(), statement.address(), port, port),
                    false,
                    false,
                    random,
                    fully);
            case SNAT ->
                new NatRequest(
                    true,
                    new NatRange(statement.address(), statement.address(), port, port),
                    false,
                    false,
                    random,
                    fully);
            case MASQUERADE ->
                new NatRequest(
                    true, new NatRange(null, null, port, port), true, false, random, fully);
            case REDIRECT ->
                new NatRequest(
                    false, new NatRange(null, null, port, port), false, true, random, fully);
          };
      terminal = HookVerdict.ACCEPT;
      describe = statement.text();
      return Step.STOP;
    }

    @Override
    public Step visitSetUpdate(NftStatement.SetUpdate update) {
      List<Object> key = read(update.key());
      if (key == null) {
        return Step.BREAK;
      }
      long timeout = update.timeoutMillis();
      if (timeout == 0) {
        timeout = table.set(update.setName()).map(NftSet::timeoutMillis).orElse(0L);
      }
      context.sets().update(tableName, update.setName(), key, context.nowMillis() + timeout);
      return Step.NEXT;
    }

    @Override
    public Step visitLog(NftStatement.Log log) {
      return Step.NEXT;
    }

    @Override
    public Step visitNotrack(NftStatement.Notrack notrack) {
      untracked = true;
      return Step.NEXT;
    }

    private @Nullable List<Object> read(List<NftField> fields) {
      List<Object> key = new ArrayList<>(fields.size());
      for (NftField field : fields) {
        Object datum = field.read(context);
        if (datum == null) {
          return null;
        }
        key.add(datum);
      }
      return key;
    }

    private Optional<NftElement> find(String name, List<Object> key) {
      return table.set(name).flatMap(set -> set.lookup(key));
    }
  }

  /** A looked-up key as nft prints one: {@code 10.96.0.10 . udp . 53}. */
  private static String keyText(List<NftField> fields, List<Object> key) {
    List<String> parts = new ArrayList<>(key.size());
    for (int i = 0; i < key.size(); i++) {
      Object datum = key.get(i);
      parts.add(
          datum instanceof Long number
              ? new NftValue.Int(number, fields.get(i).type()).text()
              : datum.toString());
    }
    return String.join(" . ", parts);
  }
}
