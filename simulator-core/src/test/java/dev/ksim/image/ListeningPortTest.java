package dev.ksim.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.net.Protocol;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ListeningPortTest {
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
