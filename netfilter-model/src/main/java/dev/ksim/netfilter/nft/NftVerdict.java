package dev.ksim.netfilter.nft;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A verdict: what a rule, a chain's policy or a verdict-map element says happens next.
 *
 * @param kind the verdict
 * @param chain the chain jumped or gone to (only for JUMP and GOTO)
 */
public record NftVerdict(Kind kind, @Nullable String chain) {
  /** The verdicts nftables has. */
  public enum Kind {
    ACCEPT,
    DROP,
    CONTINUE,
    RETURN,
    JUMP,
    GOTO
  }

  public static final NftVerdict ACCEPT = new NftVerdict(Kind.ACCEPT, null);
  public static final NftVerdict DROP = new NftVerdict(Kind.DROP, null);
  public static final NftVerdict CONTINUE = new NftVerdict(Kind.CONTINUE, null);
  public static final NftVerdict RETURN = new NftVerdict(Kind.RETURN, null);

  public NftVerdict {
    checkArgument(
        (chain != null) == (kind == Kind.JUMP || kind == Kind.GOTO),
        "chain %s does not fit verdict %s",
        chain,
        kind);
  }

  public static NftVerdict jump(String chain) {
    return new NftVerdict(Kind.JUMP, chain);
  }

  public static NftVerdict goTo(String chain) {
    return new NftVerdict(Kind.GOTO, chain);
  }

  /** The verdict as {@code nft list} prints it. */
  public String text() {
    return switch (kind) {
      case JUMP -> "jump " + chain;
      case GOTO -> "goto " + chain;
      default -> kind.name().toLowerCase(Locale.ROOT);
    };
  }
}
