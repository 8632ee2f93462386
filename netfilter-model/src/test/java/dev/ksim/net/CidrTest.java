package dev.ksim.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CidrTest {
  @ParameterizedTest(name = "{0}/{1} holds {2}")
  @CsvSource({
    "127.0.0.1, 8, 127.255.0.9",
    "127.0.0.1, 8, 128.0.0.1",
    "192.168.80.101, 24, 192.168.80.7",
    "192.168.80.101, 24, 192.168.81.7",
    "10.0.0.1, 0, 203.0.113.9",
    "10.0.0.1, 32, 10.0.0.1",
    "10.0.0.1, 32, 10.0.0.2",
    "::1, 128, ::1",
    "fd00::1, 64, fd00::ffff:1",
    "fd00::1, 64, fd00:0:0:1::1",
    "fd00::1, 120, fd00::ff",
    "10.0.0.1, 8, ::1"
  })
  void sameNetworkIsTheContainingPrefixsContains(String member, int length, String address) {
    IpAddress inside = IpAddress.parse(member);
    IpAddress other = IpAddress.parse(address);

    assertThat(Cidr.sameNetwork(inside, length, other))
        .isEqualTo(Cidr.containing(inside, length).contains(other));
  }
}
