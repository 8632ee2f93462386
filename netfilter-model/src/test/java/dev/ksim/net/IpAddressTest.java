package dev.ksim.net;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import java.math.BigInteger;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IpAddressTest {
  @Test
  void dottedQuadsParseExactlyAsGuavaAcceptsThem() {
    List<String> texts =
        List.of(
            "0.0.0.0",
            "10.244.1.3",
            "255.255.255.255",
            "256.1.1.1",
            "1.2.3",
            "1.2.3.4.5",
            "01.2.3.4",
            "1.2.3.04",
            "1..2.3",
            "1.2.3.",
            ".1.2.3",
            "1.2.3.4 ",
            "a.b.c.d",
            "",
            "1234.1.1.1",
            "0.0.0.00",
            "192.168.080.1");
    for (String text : texts) {
      assertThat(IpAddress.tryParse(text).isPresent())
          .as(text)
          .isEqualTo(InetAddresses.isInetAddress(text));
    }
    assertThat(IpAddress.parse("10.244.1.3")).isEqualTo(IpAddress.ofV4(0x0af40103));
    assertThat(IpAddress.parse("255.255.255.255").toString()).isEqualTo("255.255.255.255");
  }

  /**
   * Offsets, networks and last addresses computed on the two longs agree with the same arithmetic
   * on unsigned BigIntegers (modulo the family's size), across carries and wrap-arounds.
   */
  @Test
  void arithmeticOnLongsAgreesWithBigIntegers() {
    SplittableRandom random = new SplittableRandom(16);
    List<IpAddress> edges =
        List.of(
            IpAddress.parse("0.0.0.0"),
            IpAddress.parse("255.255.255.255"),
            IpAddress.parse("::"),
            IpAddress.parse("::ffff:ffff:ffff:ffff"),
            IpAddress.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
            IpAddress.parse("0:0:0:1::"));
    for (int i = 0; i < 2_000; i++) {
      IpAddress address =
          i < edges.size()
              ? edges.get(i)
              : i % 2 == 0
                  ? IpAddress.ofV4(random.nextInt())
                  : new IpAddress(IpFamily.IPV6, random.nextLong(), random.nextLong());
      long offset = i % 3 == 0 ? random.nextLong() : random.nextInt(-1000, 1000);
      BigInteger modulus = BigInteger.ONE.shiftLeft(address.family().bits());
      assertThat(address.plus(offset).toBigInteger())
          .as("%s + %s", address, offset)
          .isEqualTo(address.toBigInteger().add(BigInteger.valueOf(offset)).mod(modulus));
      int length = random.nextInt(address.family().bits() + 1);
      BigInteger size = BigInteger.ONE.shiftLeft(address.family().bits() - length);
      BigInteger network = address.toBigInteger().subtract(address.toBigInteger().mod(size));
      Cidr prefix = Cidr.containing(address, length);
      assertThat(prefix.network().toBigInteger()).as("%s/%s", address, length).isEqualTo(network);
      assertThat(prefix.lastAddress().toBigInteger())
          .as("last of %s", prefix)
          .isEqualTo(network.add(size).subtract(BigInteger.ONE));
      assertThat(prefix.contains(address)).isTrue();
    }
  }
}
