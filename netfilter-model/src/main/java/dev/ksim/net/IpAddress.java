package dev.ksim.net;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.net.InetAddresses;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An IPv4 or IPv6 address. IPv4 addresses are held in the low 32 bits of {@code low}; IPv6 in the
 * two longs. Ordered numerically within a family, IPv4 before IPv6.
 */
public record IpAddress(IpFamily family, long high, long low) implements Comparable<IpAddress> {

  public IpAddress {
    checkArgument(
        family == IpFamily.IPV6 || (high == 0 && (low >>> 32) == 0),
        "IPv4 address out of range: %s/%s",
        high,
        low);
  }

  /**
   * Written out rather than the record's generated method: conntrack and routing compare addresses
   * on every packet, and the generated one is slow until the JIT's last tier.
   */
  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof IpAddress that
        && low == that.low
        && high == that.high
        && family == that.family;
  }

  @Override
  public int hashCode() {
    return (Long.hashCode(high) * 31 + Long.hashCode(low)) * 31 + family.bits();
  }

  /** An IPv4 address from its 32-bit value. */
  public static IpAddress ofV4(int value) {
    return new IpAddress(IpFamily.IPV4, 0, Integer.toUnsignedLong(value));
  }

  /** Parses a dotted-quad or RFC 4291 text form; throws IllegalArgumentException when invalid. */
  public static IpAddress parse(String text) {
    return tryParse(text)
        .orElseThrow(() -> new IllegalArgumentException("not an IP address: " + text));
  }

  /** Parses an address, or empty when {@code text} is not one. */
  public static Optional<IpAddress> tryParse(String text) {
    if (text.indexOf(':') < 0) {
      return parseDottedQuad(text);
    }
    if (!InetAddresses.isInetAddress(text)) {
      return Optional.empty();
    }
    InetAddress address = InetAddresses.forString(text);
    byte[] bytes = address.getAddress();
    if (address instanceof Inet4Address) {
      return Optional.of(ofV4(InetAddresses.coerceToInteger(address)));
    }
    long high = 0;
    long low = 0;
    for (int i = 0; i < 8; i++) {
      high = (high << 8) | (bytes[i] & 0xff);
      low = (low << 8) | (bytes[i + 8] & 0xff);
    }
    return Optional.of(new IpAddress(IpFamily.IPV6, high, low));
  }

  /**
   * A dotted quad as Guava's InetAddresses accepts it (four decimal octets, no leading zeros), read
   * without allocating: rulesets of hundreds of thousands of rules parse many addresses.
   */
  private static Optional<IpAddress> parseDottedQuad(String text) {
    int value = 0;
    int octets = 0;
    int start = 0;
    for (int i = 0; i <= text.length(); i++) {
      if (i < text.length() && text.charAt(i) != '.') {
        char c = text.charAt(i);
        if (c < '0' || c > '9' || i - start >= 3) {
          return Optional.empty();
        }
        continue;
      }
      int length = i - start;
      if (length == 0 || (length > 1 && text.charAt(start) == '0') || octets == 4) {
        return Optional.empty();
      }
      int octet = Integer.parseInt(text, start, i, 10);
      if (octet > 255) {
        return Optional.empty();
      }
      value = (value << 8) | octet;
      octets++;
      start = i + 1;
    }
    return octets == 4 ? Optional.of(ofV4(value)) : Optional.empty();
  }

  public boolean isV4() {
    return family == IpFamily.IPV4;
  }

  /** Whether it is a loopback address: 127.0.0.0/8 or ::1. */
  public boolean isLoopback() {
    return isV4() ? (low >>> 24) == 127 : high == 0 && low == 1;
  }

  /** The address as an unsigned number. */
  public BigInteger toBigInteger() {
    BigInteger value = BigInteger.valueOf(high).shiftLeft(64).or(unsigned(low));
    return value.signum() < 0 ? value.add(BigInteger.ONE.shiftLeft(128)) : value;
  }

  /** The address {@code offset} further on (may be negative), within the same family. */
  public IpAddress plus(long offset) {
    if (isV4()) {
      return new IpAddress(family, 0, (low + offset) & 0xffffffffL);
    }
    // 128-bit two's complement addition: the offset sign-extended, the low half's carry added
    long sum = low + offset;
    long carry = Long.compareUnsigned(sum, low) < 0 ? 1 : 0;
    return new IpAddress(family, high + (offset < 0 ? -1L : 0) + carry, sum);
  }

  /** The address {@code offset} further on, for offsets beyond a long (IPv6 blocks). */
  public IpAddress plusBig(BigInteger offset) {
    return fromBigInteger(family, toBigInteger().add(offset));
  }

  static IpAddress fromBigInteger(IpFamily family, BigInteger value) {
    BigInteger max = BigInteger.ONE.shiftLeft(family.bits());
    BigInteger wrapped = value.mod(max);
    return new IpAddress(family, wrapped.shiftRight(64).longValue(), wrapped.longValue());
  }

  private static BigInteger unsigned(long value) {
    BigInteger b = BigInteger.valueOf(value);
    return value < 0 ? b.add(BigInteger.ONE.shiftLeft(64)) : b;
  }

  /** The address as a Java InetAddress. */
  public InetAddress toInetAddress() {
    byte[] bytes;
    if (isV4()) {
      bytes = new byte[4];
      for (int i = 0; i < 4; i++) {
        bytes[i] = (byte) (low >>> (24 - 8 * i));
      }
    } else {
      bytes = new byte[16];
      for (int i = 0; i < 8; i++) {
        bytes[i] = (byte) (high >>> (56 - 8 * i));
        bytes[i + 8] = (byte) (low >>> (56 - 8 * i));
      }
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public int compareTo(IpAddress other) {
    int byFamily = family.compareTo(other.family);
    if (byFamily != 0) {
      return byFamily;
    }
    int byHigh = Long.compareUnsigned(high, other.high);
    return byHigh != 0 ? byHigh : Long.compareUnsigned(low, other.low);
  }

  /** Dotted quad for IPv4, RFC 5952 (compressed, lower case) for IPv6. */
  @Override
  public String toString() {
    if (isV4()) {
      return (low >>> 24)
          + "."
          + ((low >>> 16) & 0xff)
          + "."
          + ((low >>> 8) & 0xff)
          + "."
          + (low & 0xff);
    }
    return InetAddresses.toAddrString(toInetAddress());
  }
}
