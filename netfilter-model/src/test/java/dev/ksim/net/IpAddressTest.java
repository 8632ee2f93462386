package dev.ksim.net;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import java.util.List;
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
}
