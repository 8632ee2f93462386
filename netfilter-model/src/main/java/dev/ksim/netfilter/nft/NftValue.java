package dev.ksim.netfilter.nft;

import static com.google.common.base.Preconditions.checkArgument;

import dev.ksim.net.Cidr;
import dev.ksim.net.IpAddress;
import dev.ksim.net.Protocol;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One value on the right of a match or in a set element: an address or prefix, a range, a number of
 * a type, an interface name, a set of flags, a symbol. A packet's field reads as a datum (an {@link
 * IpAddress}, a {@link Long} or a {@link String}); a value says whether it holds a datum.
 */
public sealed interface NftValue {

  /** Whether the datum read from a packet lies in this value. */
  boolean contains(Object datum);

  /** The value as {@code nft list} prints it. */
  default String text() {
    return text(NftOutput.SYMBOLIC);
  }

  /**
   * The value as {@code nft list} prints it, or {@code nft -n list} for {@link NftOutput#NUMERIC}.
   */
  String text(NftOutput output);

  /** The datum itself when this value is exactly one datum (hash-set lookups), else null. */
  @Nullable Object exact();

  /** The lowest datum the value holds, for ordering elements as {@code nft list} does. */
  Comparable<?> low();

  /** An address, or a prefix of addresses. */
  record Address(Cidr cidr) implements NftValue {
    @Override
    public boolean contains(Object datum) {
      return datum instanceof IpAddress address && cidr.contains(address);
    }

    @Override
    public String text(NftOutput output) {
      return isHost() ? cidr.network().toString() : cidr.toString();
    }

    @Override
    public @Nullable Object exact() {
      return isHost() ? cidr.network() : null;
    }

    @Override
    public Comparable<?> low() {
      return cidr.network();
    }

    private boolean isHost() {
      return cidr.prefixLength() == cidr.family().bits();
    }
  }

  /** A range of addresses, {@code first-last}. */
  record AddressRange(IpAddress first, IpAddress last) implements NftValue {
    public AddressRange {
      checkArgument(first.compareTo(last) <= 0, "range %s-%s is backwards", first, last);
    }

    @Override
    public boolean contains(Object datum) {
      return datum instanceof IpAddress address
          && address.family() == first.family()
          && address.compareTo(first) >= 0
          && address.compareTo(last) <= 0;
    }

    @Override
    public String text(NftOutput output) {
      return first + "-" + last;
    }

    @Override
    public @Nullable Object exact() {
      return null;
    }

    @Override
    public Comparable<?> low() {
      return first;
    }
  }

  /** A number of a type (a protocol, a port, a mark). */
  record Int(long value, NftType type) implements NftValue {
    @Override
    public boolean contains(Object datum) {
      return datum instanceof Long number && number == value;
    }

    @Override
    public String text(NftOutput output) {
      return format(value, type, output);
    }

    @Override
    public @Nullable Object exact() {
      return value;
    }

    @Override
    public Comparable<?> low() {
      return value;
    }
  }

  /** A range of numbers, {@code first-last}. */
  record NumberRange(long first, long last, NftType type) implements NftValue {
    public NumberRange {
      checkArgument(first <= last, "range %s-%s is backwards", first, last);
    }

    @Override
    public boolean contains(Object datum) {
      return datum instanceof Long number && number >= first && number <= last;
    }

    @Override
    public String text(NftOutput output) {
      return format(first, type, output) + "-" + format(last, type, output);
    }

    @Override
    public @Nullable Object exact() {
      return null;
    }

    @Override
    public Comparable<?> low() {
      return first;
    }
  }

  /** An interface name; a trailing {@code *} matches every name with that prefix. */
  record Text(String value) implements NftValue {
    @Override
    public boolean contains(Object datum) {
      if (!(datum instanceof String name)) {
        return false;
      }
      return value.endsWith("*")
          ? name.startsWith(value.substring(0, value.length() - 1))
          : name.equals(value);
    }

    @Override
    public String text(NftOutput output) {
      return '"' + value + '"';
    }

    @Override
    public @Nullable Object exact() {
      return value.endsWith("*") ? null : value;
    }

    @Override
    public Comparable<?> low() {
      return value;
    }
  }

  /** Conntrack state or status bits: the datum matches when it has any of them. */
  record Flags(long bits, NftType type) implements NftValue {
    @Override
    public boolean contains(Object datum) {
      return datum instanceof Long number && (number & bits) != 0;
    }

    @Override
    public String text(NftOutput output) {
      return output == NftOutput.NUMERIC ? CtBits.numbers(bits) : CtBits.names(bits, type);
    }

    @Override
    public @Nullable Object exact() {
      return null;
    }

    @Override
    public Comparable<?> low() {
      return bits;
    }
  }

  /** A named constant, such as a fib address type ({@code -n} prints its number). */
  record Symbol(String name) implements NftValue {
    @Override
    public boolean contains(Object datum) {
      return name.equals(datum);
    }

    @Override
    public String text(NftOutput output) {
      return output == NftOutput.NUMERIC
          ? FibAddrType.number(name).map(String::valueOf).orElse(name)
          : name;
    }

    @Override
    public @Nullable Object exact() {
      return name;
    }

    @Override
    public Comparable<?> low() {
      return name;
    }
  }

  private static String format(long value, NftType type, NftOutput output) {
    return switch (type) {
      case INET_PROTO ->
          output == NftOutput.NUMERIC
              ? Long.toString(value)
              : Protocol.tryParse(Long.toString(value))
                  .map(Protocol::token)
                  .orElse(Long.toString(value));
      case MARK -> String.format(Locale.ROOT, "0x%08x", value);
      default -> Long.toString(value);
    };
  }
}
