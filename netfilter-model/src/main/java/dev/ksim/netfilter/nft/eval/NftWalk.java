package dev.ksim.netfilter.nft.eval;

import dev.ksim.netfilter.hook.HookVerdict;
import dev.ksim.netfilter.target.NatRequest;
import org.jspecify.annotations.Nullable;

/**
 * What one base chain decided about a packet.
 *
 * @param verdict ACCEPT (the packet goes on to the next base chain or table), DROP or REJECT
 * @param nat the NAT a statement asked for, if any (nat chains only)
 * @param mark the packet's mark after the chain
 * @param untracked whether a {@code notrack} statement ran
 * @param policyDecided whether the chain's policy (not a rule) gave the verdict
 * @param visit the base chain's visit, null when nothing was recorded
 */
public record NftWalk(
    HookVerdict verdict,
    @Nullable NatRequest nat,
    long mark,
    boolean untracked,
    boolean policyDecided,
    @Nullable NftChainVisit visit) {}
