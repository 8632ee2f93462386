/**
 * Rule targets, one record each: the verdicts (ACCEPT, DROP, REJECT), chain control (jump, goto,
 * RETURN), NAT (DNAT, SNAT, MASQUERADE, REDIRECT), MARK, CT --notrack, LOG and TRACE. A target
 * turns into an {@link dev.ksim.netfilter.target.TargetOutcome} that the chain walker acts on.
 *
 * @see <a href="https://git.netfilter.org/iptables/tree/extensions">iptables extensions</a>
 */
@NullMarked
package dev.ksim.netfilter.target;

import org.jspecify.annotations.NullMarked;
