package dev.ksim.netfilter.eval;

import dev.ksim.net.IpFamily;
import dev.ksim.net.Packet;
import dev.ksim.netfilter.hook.CostCounter;
import dev.ksim.netfilter.hook.Hook;
import dev.ksim.netfilter.hook.HookVerdict;
import dev.ksim.netfilter.match.Match;
import dev.ksim.netfilter.match.StatisticMatch;
import dev.ksim.netfilter.table.AddressPrefilter;
import dev.ksim.netfilter.table.Chain;
import dev.ksim.netfilter.table.DestinationIndex;
import dev.ksim.netfilter.table.Rule;
import dev.ksim.netfilter.table.RuleCounters;
import dev.ksim.netfilter.table.TableState;
import dev.ksim.netfilter.target.NatRequest;
import dev.ksim.netfilter.target.Target;
import dev.ksim.netfilter.target.TargetOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates one table's built-in chain for a packet as {@code ipt_do_table} does: rules in order,
 * all matches of a rule must match, the first terminal target decides; jumps return, gotos do not;
 * a user chain that runs out returns; a built-in chain that runs out applies its policy.
 */
public final class ChainWalker {
  /** The kernel refuses rulesets nested deeper than this; a deeper walk is a bug. */
  private static final int MAX_DEPTH = 64;

  /**
   * Chains shorter than this are walked rule by rule without the index or the prefilter: building
   * them would cost more than it saves.
   */
  private static final int INDEXED_CHAIN_LENGTH = 16;

  private ChainWalker() {}

  private enum End {
    VERDICT,
    RETURNED
  }

  private static final class Walk {
    final WalkContext context;
    @Nullable HookVerdict verdict;
    @Nullable NatRequest nat;
    boolean untracked;

    /** The visit of the chain whose walk ended last (null when not recorded). */
    @Nullable ChainVisit visit;

    Walk(WalkContext context) {
      this.context = context;
    }
  }

  /** Runs the table's chain for {@code hook}. */
  public static TableTraversal walk(TableState table, Hook hook, WalkContext context) {
    Walk walk = new Walk(context);
    Chain builtin = table.builtin(hook);
    boolean policy = walkChain(table, hook.name(), builtin, walk, 0) == End.RETURNED;
    HookVerdict verdict = walk.verdict;
    ChainVisit visit = walk.visit;
    if (policy) {
      verdict = builtin == null || builtin.policy() == null ? HookVerdict.ACCEPT : builtin.policy();
      RuleCounters counters = context.counters();
      if (counters != null) {
        counters.countPolicy(table.table(), hook, context.packet().length());
      }
      if (visit != null) {
        visit =
            new ChainVisit(
                visit.table(),
                visit.chain(),
                visit.hits(),
                visit.rulesEvaluated(),
                ChainVisit.Exit.POLICY);
      }
    }
    return new TableTraversal(
        table.table(),
        visit,
        verdict == null ? HookVerdict.ACCEPT : verdict,
        walk.nat,
        walk.untracked,
        context.packet().mark(),
        policy);
  }

  /**
   * Walks chain {@code name}, which is {@code chain} (null: the table has none); how its walk
   * ended, its visit left in {@code walk}.
   */
  private static End walkChain(
      TableState table, String name, @Nullable Chain chain, Walk walk, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalStateException("chain nesting deeper than " + MAX_DEPTH + " at " + name);
    }
    WalkContext context = walk.context;
    context.cost().chain();
    List<RuleHit> hits = context.recording() != Recording.NONE ? new ArrayList<>() : List.of();
    if (chain == null) {
      return end(
          walk, End.RETURNED, visit(table, name, hits, 0, ChainVisit.Exit.RETURNED, context));
    }
    List<Rule> rules = chain.rules();
    CostCounter cost = context.cost();
    DestinationIndex index = indexFor(chain, context.recording());
    AddressPrefilter prefilter = prefilterFor(chain, context);
    Packet packet = context.packet();
    int candidate = -1;
    int evaluated = 0;
    for (int i = 0; i < rules.size(); i++) {
      if (index != null && candidate < i) {
        candidate = index.next(i, packet.destination());
        if (candidate > i) {
          // the rules in between are -d of other hosts: each fails on its first match
          cost.missedOnFirstMatch(candidate - i);
          evaluated += candidate - i;
          i = candidate;
          if (i == rules.size()) {
            break;
          }
        }
      }
      if (prefilter != null) {
        if (index != null) {
          // the index already jumped to a candidate: test that one rule only
          if (prefilter.fails(i, packet, cost)) {
            evaluated++;
            continue;
          }
        } else {
          int passing = prefilter.firstPassing(i, packet, cost);
          if (passing > i) {
            // the rules in between each fail on one of their first matches: counted in one step
            evaluated += passing - i;
            i = passing;
            if (i == rules.size()) {
              break;
            }
          }
        }
      }
      Rule rule = rules.get(i);
      evaluated++;
      cost.rule();
      Double draw = null;
      Match failed = null;
      List<Match> matches = rule.matches();
      for (int m = 0; m < matches.size(); m++) {
        Match match = matches.get(m);
        cost.match();
        if (!match.matches(context)) {
          failed = match;
          break;
        }
        if (match instanceof StatisticMatch statistic && statistic.random()) {
          draw = statistic.probability();
        }
      }
      if (failed != null) {
        if (context.recording() == Recording.ALL) {
          hits.add(
              new RuleHit(
                  i + 1, rule.saveText(chain.name()), rule.target(), null, null, failed.save()));
        }
        continue;
      }
      RuleCounters counters = context.counters();
      if (counters != null) {
        counters.countRule(table.table(), chain, i, context.packet().length());
      }
      Target target = rule.target();
      TargetOutcome outcome = rule.outcome();
      if (target == null || outcome == null) {
        record(hits, i, rule, chain, null, null, draw, context);
        continue;
      }
      switch (outcome.kind()) {
        case CONTINUE -> {
          if (outcome.markValue() != 0 || outcome.markMask() != 0) {
            long mark =
                (context.packet().mark() & ~outcome.markMask() & 0xffffffffL) ^ outcome.markValue();
            context.setMark(mark);
          }
          record(hits, i, rule, chain, target, null, draw, context);
        }
        case UNTRACK -> {
          walk.untracked = true;
          record(hits, i, rule, chain, target, null, draw, context);
        }
        case RETURN -> {
          record(hits, i, rule, chain, target, null, draw, context);
          return end(
              walk,
              End.RETURNED,
              visit(table, name, hits, evaluated, ChainVisit.Exit.RETURNED, context));
        }
        case JUMP, GOTO -> {
          String next = Objects.requireNonNull(outcome.chain());
          End inner = walkChain(table, next, table.chain(rule.jumpChain()), walk, depth + 1);
          record(hits, i, rule, chain, target, walk.visit, draw, context);
          if (inner == End.VERDICT) {
            return end(
                walk,
                End.VERDICT,
                visit(table, name, hits, evaluated, ChainVisit.Exit.VERDICT, context));
          }
          if (outcome.kind() == TargetOutcome.Kind.GOTO) {
            return end(
                walk,
                End.RETURNED,
                visit(table, name, hits, evaluated, ChainVisit.Exit.RETURNED, context));
          }
        }
        case VERDICT, NAT -> {
          walk.verdict = outcome.verdict();
          walk.nat = outcome.nat();
          record(hits, i, rule, chain, target, null, draw, context);
          return end(
              walk,
              End.VERDICT,
              visit(table, name, hits, evaluated, ChainVisit.Exit.VERDICT, context));
        }
      }
    }
    return end(
        walk, End.RETURNED, visit(table, name, hits, evaluated, ChainVisit.Exit.RETURNED, context));
  }

  /** Ends a chain's walk: leaves its {@code visit} in {@code walk} and returns {@code end}. */
  private static End end(Walk walk, End end, @Nullable ChainVisit visit) {
    walk.visit = visit;
    return end;
  }

  /**
   * The destination index of a long chain of {@code -d HOST} rules, or null to walk every rule: a
   * verbose recording lists every rule tried, so it always walks them one by one.
   */
  private static @Nullable DestinationIndex indexFor(Chain chain, Recording recording) {
    if (recording == Recording.ALL || chain.rules().size() < INDEXED_CHAIN_LENGTH) {
      return null;
    }
    DestinationIndex index = chain.destinationIndex();
    return index.indexedRules() * 2 >= chain.rules().size() ? index : null;
  }

  /**
   * The packed leading matches of a long chain, for an IPv4 packet, or null: as with the index, a
   * verbose recording walks rule by rule to name each failed match.
   */
  private static @Nullable AddressPrefilter prefilterFor(Chain chain, WalkContext context) {
    if (context.recording() == Recording.ALL
        || chain.rules().size() < INDEXED_CHAIN_LENGTH
        || context.packet().family() != IpFamily.IPV4) {
      return null;
    }
    return chain.addressPrefilter();
  }

  private static void record(
      List<RuleHit> hits,
      int index,
      Rule rule,
      Chain chain,
      @Nullable Target target,
      @Nullable ChainVisit inner,
      @Nullable Double draw,
      WalkContext context) {
    if (context.recording() != Recording.NONE) {
      hits.add(new RuleHit(index + 1, rule.saveText(chain.name()), target, inner, draw, null));
    }
  }

  private static @Nullable ChainVisit visit(
      TableState table,
      String name,
      List<RuleHit> hits,
      int evaluated,
      ChainVisit.Exit exit,
      WalkContext context) {
    return context.recording() != Recording.NONE
        ? new ChainVisit(table.table(), name, hits, evaluated, exit)
        : null;
  }
}
