package dev.ksim.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** IpPort's written-out equality and hash agree with the ones a record generates. */
class IpPortTest {
  /** The same components, with the generated methods. */
  private record Generated(IpAddress ip, int port) {}

  @Test
  void equalityAndHashAreTheGeneratedOnes() {
    List<IpPort> ports =
        List.of(
            new IpPort(IpAddress.parse("10.96.0.10"), 53),
            new IpPort(IpAddress.parse("10.96.0.10"), 54),
            new IpPort(IpAddress.parse("10.96.0.11"), 53),
            new IpPort(IpAddress.parse("fd00::10"), 53),
            new IpPort(IpAddress.parse("0.0.0.0"), 0));
    for (IpPort a : ports) {
      assertThat(a.hashCode()).isEqualTo(new Generated(a.ip(), a.port()).hashCode());
      for (IpPort b : ports) {
        assertThat(a.equals(b))
            .as("%s = %s", a, b)
            .isEqualTo(new Generated(a.ip(), a.port()).equals(new Generated(b.ip(), b.port())));
      }
      assertThat(a).isEqualTo(new IpPort(a.ip(), a.port())).isNotEqualTo(a.toString());
    }
  }
}
