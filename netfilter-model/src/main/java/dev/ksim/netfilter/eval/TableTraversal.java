package dev.ksim.netfilter.eval;

import dev.ksim.netfilter.hook.HookVerdict;
import dev.ksim.netfilter.table.Table;
import dev.ksim.netfilter.target.NatRequest;
import org.jspecify.annotations.Nullable;

/**
 * One table's say on a packet at a hook.
 *
 * @param table the table
 * @param visit the built-in chain's visit (null when not recorded)
 * @param verdict what the table decided
 * @param nat the NAT a rule asked for, if any
 * @param untracked whether a rule said the packet is not to be tracked
 * @param mark the packet's mark after the table
 * @param policyDecided whether the chain's policy (not a rule) gave the verdict
 */
public record TableTraversal(
    Table table,
    @Nullable ChainVisit visit,
    HookVerdict verdict,
    @Nullable NatRequest nat,
    boolean untracked,
    long mark,
    boolean policyDecided) {}
