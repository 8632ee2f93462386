package dev.ksim.netfilter.nft;

import dev.ksim.netfilter.hook.Hook;
import java.util.Locale;
import java.util.Optional;

/**
 * What makes a chain a base chain: its type, the hook it is attached to, its priority there and its
 * policy.
 *
 * @param type filter, nat or route
 * @param hook the hook
 * @param priority the priority (lower runs first; iptables' tables sit at -300, -150, -100, 0, 100)
 * @param policy the verdict when the chain's rules end without one (accept or drop)
 */
public record BaseChain(Type type, Hook hook, int priority, NftVerdict policy) {
  /** Base chain types. */
  public enum Type {
    FILTER,
    NAT,
    ROUTE;

    public String token() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Type> tryParse(String text) {
      for (Type type : values()) {
        if (type.token().equals(text)) {
          return Optional.of(type);
        }
      }
      return Optional.empty();
    }
  }

  /**
   * The priority as nft 1.0.x prints it: a standard name within 10 of a standard value for that
   * family and hook ({@code dstnat - 10}), else the number.
   *
   * @see <a href="https://git.netfilter.org/nftables/tree/src/rule.c">std_prio_lookup, prio2str</a>
   */
  public String priorityText(NftOutput output) {
    if (output == NftOutput.NUMERIC) {
      return Integer.toString(priority);
    }
    for (StandardPriority standard : StandardPriority.values()) {
      if (!standard.appliesTo(hook)) {
        continue;
      }
      int offset = priority - standard.value;
      if (offset == 0) {
        return standard.token();
      }
      if (Math.abs(offset) <= 10) {
        return standard.token() + (offset > 0 ? " + " : " - ") + Math.abs(offset);
      }
    }
    return Integer.toString(priority);
  }

  /** The named priorities of the ip, ip6 and inet families. */
  public enum StandardPriority {
    RAW(-300),
    MANGLE(-150),
    DSTNAT(-100),
    FILTER(0),
    SECURITY(50),
    SRCNAT(100);

    private final int value;

    StandardPriority(int value) {
      this.value = value;
    }

    public int value() {
      return value;
    }

    public String token() {
      return name().toLowerCase(Locale.ROOT);
    }

    boolean appliesTo(Hook hook) {
      return switch (this) {
        case DSTNAT -> hook == Hook.PREROUTING;
        case SRCNAT -> hook == Hook.POSTROUTING;
        default -> true;
      };
    }

    public static Optional<StandardPriority> tryParse(String text) {
      for (StandardPriority standard : values()) {
        if (standard.token().equals(text)) {
          return Optional.of(standard);
        }
      }
      return Optional.empty();
    }
  }
}
