package dev.ksim.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.net.Protocol;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ListeningPortTest {
  /** The same components, with the methods a record generates. */
  private record Generated(int port, Protocol protocol) {}

  @Test
  void equalityAndHashAreTheGeneratedOnes() {
    List<ListeningPort> ports =
        List.of(
            new ListeningPort(80, Protocol.TCP),
            new ListeningPort(80, Protocol.UDP),
            new ListeningPort(8080, Protocol.TCP),
            new ListeningPort(9000, Protocol.SCTP));
    for (ListeningPort a : ports) {
      assertThat(a.hashCode()).isEqualTo(new Generated(a.port(), a.protocol()).hashCode());
      for (ListeningPort b : ports) {
        assertThat(a.equals(b))
            .as("%s = %s", a, b)
            .isEqualTo(
                new Generated(a.port(), a.protocol())
                    .equals(new Generated(b.port(), b.protocol())));
      }
      assertThat(a).isEqualTo(new ListeningPort(a.port(), a.protocol()));
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"80, 80, TCP", "53/UDP, 53, UDP", "9000/sctp, 9000, SCTP", "' 8080 ', 8080, TCP"})
  void aPortWithOrWithoutItsProtocolIsParsed(String text, int port, Protocol protocol) {
    assertThat(ListeningPort.tryParse(text)).contains(new ListeningPort(port, protocol));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(
      strings = {
        "",
        "80/",
        "/TCP",
        "80/tcp/x",
        "0",
        "65536",
        "123456",
        "8a",
        "-1",
        "80 /TCP",
        "8/ICMP"
      })
  void anythingElseIsNotAPort(String text) {
    assertThat(ListeningPort.tryParse(text)).isEmpty();
  }

  @ParameterizedTest(name = "{0}/{1}")
  @CsvSource({
    "80, TCP, true",
    "80, udp, true",
    "0, TCP, false",
    "80, ICMP, false",
    "80, '', false"
  })
  void aDeclaredContainerPortIsAListeningPortWhenItsProtocolHasPorts(
      int port, String protocol, boolean valid) {
    Optional<ListeningPort> parsed = ListeningPort.of(port, protocol);

    assertThat(parsed.isPresent()).isEqualTo(valid);
  }
}
