package dev.ksim.netfilter.nft;

import java.util.Optional;

/**
 * A data type of set keys and map values, as {@code nft} names them in {@code type ...}.
 *
 * @see <a href="https://git.netfilter.org/nftables/tree/src/datatype.c">nftables src/datatype.c</a>
 */
public enum NftType {
  IPV4_ADDR("ipv4_addr"),
  IPV6_ADDR("ipv6_addr"),
  INET_PROTO("inet_proto"),
  INET_SERVICE("inet_service"),
  MARK("mark"),
  IFNAME("ifname"),
  INTEGER("integer"),
  CT_STATE("ct_state"),
  CT_STATUS("ct_status"),
  FIB_ADDRTYPE("fib_addrtype"),
  VERDICT("verdict");

  private final String token;

  NftType(String token) {
    this.token = token;
  }

  public String token() {
    return token;
  }

  /**
   * How many elements {@code nft list} prints on one line before it breaks the line
   * (calculate_delim in src/expression.c); 1 means one element a line.
   */
  public int elementsPerLine() {
    return switch (this) {
      case INET_PROTO, INET_SERVICE, MARK, INTEGER -> 5;
      case IPV4_ADDR, CT_STATE, CT_STATUS -> 2;
      default -> 1;
    };
  }

  public static Optional<NftType> tryParse(String text) {
    for (NftType type : values()) {
      if (type.token.equals(text)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
