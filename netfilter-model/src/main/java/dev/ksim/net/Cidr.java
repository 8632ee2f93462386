package dev.ksim.net;

import static com.google.common.base.Preconditions.checkArgument;

import java.math.BigInteger;
import java.util.Optional;

/**
 * An IP prefix, {@code network/length}; the network address has no host bits set.
 *
 * @param network the first address of the prefix
 * @param prefixLength the number of leading bits that are fixed
 */
public record Cidr(IpAddress network, int prefixLength) implements Comparable<Cidr> {

  public Cidr {
    checkArgument(
        prefixLength >= 0 && prefixLength <= network.family().bits(),
        "prefixLength out of range: %s",
        prefixLength);
    checkArgument(
        mask(network, prefixLength).equals(network),
        "network %s has host bits set for /%s",
        network,
        prefixLength);
  }

  /** Parses {@code a.b.c.d/n} (a bare address is a host prefix); host bits must be zero. */
  public static Cidr parse(String text) {
    return tryParse(text).orElseThrow(() -> new IllegalArgumentException("not a CIDR: " + text));
  }

  /** Parses a CIDR, or empty when {@code text} is not one with zero host bits. */
  public static Optional<Cidr> tryParse(String text) {
    int slash = text.indexOf('/');
    Optional<IpAddress> address = IpAddress.tryParse(slash < 0 ? text : text.substring(0, slash));
    if (address.isEmpty()) {
      return Optional.empty();
    }
    int length;
    if (slash < 0) {
      length = address.get().family().bits();
    } else {
      String digits = text.substring(slash + 1);
      if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit) || digits.length() > 3) {
        return Optional.empty();
      }
      length = Integer.parseInt(digits);
      if (length > address.get().family().bits()) {
        return Optional.empty();
      }
    }
    if (!mask(address.get(), length).equals(address.get())) {
      return Optional.empty();
    }
    return Optional.of(new Cidr(address.get(), length));
  }

  /** The prefix of {@code length} that contains {@code address}. */
  public static Cidr containing(IpAddress address, int length) {
    return new Cidr(mask(address, length), length);
  }

  /**
   * Whether {@code address} lies in the /{@code length} that contains {@code member}: {@code
   * containing(member, length).contains(address)} without building the prefix.
   */
  public static boolean sameNetwork(IpAddress member, int length, IpAddress address) {
    if (address.family() != member.family()) {
      return false;
    }
    if (address.isV4()) {
      return ((address.low() ^ member.low()) & v4Mask(length)) == 0;
    }
    return ((address.high() ^ member.high()) & highMask(length)) == 0
        && ((address.low() ^ member.low()) & lowMask(length)) == 0;
  }

  /**
   * {@code address} with the host bits of a /{@code length} cleared; with shifts on the two longs,
   * as {@link #contains(IpAddress)}, since a host asks for its interfaces' networks on every
   * packet.
   */
  private static IpAddress mask(IpAddress address, int length) {
    if (address.isV4()) {
      return new IpAddress(address.family(), 0, address.low() & v4Mask(length));
    }
    return new IpAddress(
        address.family(), address.high() & highMask(length), address.low() & lowMask(length));
  }

  /** The network bits of an IPv4 /{@code length}, in the low 32 bits. */
  private static long v4Mask(int length) {
    return length == 0 ? 0 : (0xffffffffL << (32 - length)) & 0xffffffffL;
  }

  /** The network bits of an IPv6 /{@code length} in the upper 64 bits of the address. */
  private static long highMask(int length) {
    return length >= 64 ? -1L : length == 0 ? 0 : -1L << (64 - length);
  }

  /** The network bits of an IPv6 /{@code length} in the lower 64 bits of the address. */
  private static long lowMask(int length) {
    return length <= 64 ? 0 : length == 128 ? -1L : -1L << (128 - length);
  }

  public IpFamily family() {
    return network.family();
  }

  /**
   * Whether {@code address} lies inside this prefix. On the hot path of every rule with {@code -s}
   * or {@code -d}, so done with shifts on the address's two longs rather than BigInteger.
   */
  public boolean contains(IpAddress address) {
    if (address.family() != family()) {
      return false;
    }
    if (address.isV4()) {
      return (address.low() & v4Mask(prefixLength)) == network.low();
    }
    return (address.high() & highMask(prefixLength)) == network.high()
        && (address.low() & lowMask(prefixLength)) == network.low();
  }

  /** Whether {@code other} lies entirely inside this prefix. */
  public boolean contains(Cidr other) {
    return other.prefixLength >= prefixLength && contains(other.network);
  }

  /** The number of addresses in the prefix. */
  public BigInteger size() {
    return BigInteger.ONE.shiftLeft(family().bits() - prefixLength);
  }

  /** The address at {@code offset} from the network address. */
  public IpAddress address(long offset) {
    return network.plus(offset);
  }

  /** The offset of {@code address} from the network address. */
  public long offsetOf(IpAddress address) {
    checkArgument(contains(address), "%s is not in %s", address, this);
    return address.toBigInteger().subtract(network.toBigInteger()).longValueExact();
  }

  /** The last address of the prefix. */
  public IpAddress lastAddress() {
    if (network.isV4()) {
      return new IpAddress(family(), 0, network.low() | (~v4Mask(prefixLength) & 0xffffffffL));
    }
    return new IpAddress(
        family(), network.high() | ~highMask(prefixLength), network.low() | ~lowMask(prefixLength));
  }

  @Override
  public int compareTo(Cidr other) {
    int byNetwork = network.compareTo(other.network);
    return byNetwork != 0 ? byNetwork : Integer.compare(prefixLength, other.prefixLength);
  }

  @Override
  public String toString() {
    return network + "/" + prefixLength;
  }
}
