package dev.ksim.netfilter.target;

import com.google.common.collect.Maps;
import dev.ksim.netfilter.hook.HookVerdict;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a matched rule tells the walker.
 *
 * @param kind continue, return, jump, goto or a verdict
 * @param chain the chain of a jump or goto
 * @param verdict the verdict of a terminal target
 * @param nat the NAT a NAT target asks for
 * @param markValue MARK's value ({@code mark = (mark & ~mask) ^ value})
 * @param markMask MARK's mask (0 and value 0: no change)
 */
public record TargetOutcome(
    Kind kind,
    @Nullable String chain,
    @Nullable HookVerdict verdict,
    @Nullable NatRequest nat,
    long markValue,
    long markMask) {

  /** The walker's next move. */
  public enum Kind {
    CONTINUE,
    RETURN,
    JUMP,
    GOTO,
    VERDICT,
    NAT,
    UNTRACK
  }

  public static final TargetOutcome CONTINUE =
      new TargetOutcome(Kind.CONTINUE, null, null, null, 0, 0);
  public static final TargetOutcome RETURN = new TargetOutcome(Kind.RETURN, null, null, null, 0, 0);

  /** One outcome per verdict, made once: ACCEPT and DROP rules are walked for every packet. */
  private static final Map<HookVerdict, TargetOutcome> VERDICTS =
      Maps.immutableEnumMap(
          Maps.toMap(
              EnumSet.allOf(HookVerdict.class),
              v -> new TargetOutcome(Kind.VERDICT, null, v, null, 0, 0)));

  public static TargetOutcome verdict(HookVerdict verdict) {
    return Objects.requireNonNull(VERDICTS.get(verdict));
  }

  public static TargetOutcome jump(String chain) {
    return new TargetOutcome(Kind.JUMP, chain, null, null, 0, 0);
  }

  public static TargetOutcome goTo(String chain) {
    return new TargetOutcome(Kind.GOTO, chain, null, null, 0, 0);
  }

  public static TargetOutcome nat(NatRequest request) {
    return new TargetOutcome(Kind.NAT, null, HookVerdict.ACCEPT, request, 0, 0);
  }

  public static TargetOutcome mark(long value, long mask) {
    return new TargetOutcome(Kind.CONTINUE, null, null, null, value, mask);
  }
}
