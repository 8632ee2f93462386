package dev.ksim.ipvs.scheduler;

import dev.ksim.net.IpAddress;

/**
 * The kernel's hash functions the hashing schedulers use, on 64-bit machines: {@code hash_32}
 * (include/linux/hash.h), the multiplicative hash of dh, and {@code hsiphash} (lib/siphash.c, which
 * on 64-bit is SipHash-1-3 with the 128-bit key and a 32-bit result).
 */
final class HashFunctions {
  /** {@code GOLDEN_RATIO_32}. */
  private static final int GOLDEN_RATIO_32 = 0x61C88647;

  private HashFunctions() {}

  /** {@code hash_32(value, bits)}: the top {@code bits} of {@code value * GOLDEN_RATIO_32}. */
  static int hash32(int value, int bits) {
    return (value * GOLDEN_RATIO_32) >>> (32 - bits);
  }

  /**
   * An address folded to 32 bits as the schedulers fold it: an IPv4 address as its value, an IPv6
   * one as the XOR of its four 32-bit words.
   */
  static int fold(IpAddress address) {
    if (address.isV4()) {
      return (int) address.low();
    }
    long high = address.high();
    long low = address.low();
    return (int) (high >>> 32) ^ (int) high ^ (int) (low >>> 32) ^ (int) low;
  }

  /** {@code hsiphash(&v, 4, key)} of one 32-bit value with the key {k0, k1}. */
  static int hsiphash(int value, long k0, long k1) {
    long v0 = 0x736f6d6570736575L ^ k0;
    long v1 = 0x646f72616e646f6dL ^ k1;
    long v2 = 0x6c7967656e657261L ^ k0;
    long v3 = 0x7465646279746573L ^ k1;
    long b = (4L << 56) | Integer.toUnsignedLong(value);
    v3 ^= b;
    // one compression round (SipHash-1-3)
    long[] v = {v0, v1, v2, v3};
    round(v);
    v[0] ^= b;
    v[2] ^= 0xff;
    round(v);
    round(v);
    round(v);
    return (int) ((v[0] ^ v[1]) ^ (v[2] ^ v[3]));
  }

  private static void round(long[] v) {
    v[0] += v[1];
    v[1] = Long.rotateLeft(v[1], 13);
    v[1] ^= v[0];
    v[0] = Long.rotateLeft(v[0], 32);
    v[2] += v[3];
    v[3] = Long.rotateLeft(v[3], 16);
    v[3] ^= v[2];
    v[0] += v[3];
    v[3] = Long.rotateLeft(v[3], 21);
    v[3] ^= v[0];
    v[2] += v[1];
    v[1] = Long.rotateLeft(v[1], 17);
    v[1] ^= v[2];
    v[2] = Long.rotateLeft(v[2], 32);
  }
}
