package dev.ksim.netfilter.nft;

import dev.ksim.net.IpFamily;
import java.util.Optional;

/** An nftables table family: which packets the table's base chains see. */
public enum NftFamily {
  IP("ip"),
  IP6("ip6"),
  INET("inet");

  private final String token;

  NftFamily(String token) {
    this.token = token;
  }

  /** The family as {@code nft} spells it. */
  public String token() {
    return token;
  }

  /** Whether the table's base chains see packets of this IP family. */
  public boolean sees(IpFamily family) {
    return switch (this) {
      case IP -> family == IpFamily.IPV4;
      case IP6 -> family == IpFamily.IPV6;
      case INET -> true;
    };
  }

  public static Optional<NftFamily> tryParse(String text) {
    for (NftFamily family : values()) {
      if (family.token.equals(text)) {
        return Optional.of(family);
      }
    }
    return Optional.empty();
  }
}
