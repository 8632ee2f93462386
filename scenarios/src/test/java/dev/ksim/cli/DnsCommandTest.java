package dev.ksim.cli;

import static dev.ksim.cli.KsimCommandTest.ksim;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code ksim dns serve}'s refusals: a port it cannot have is a usage error, not a trace. */
@Timeout(120)
class DnsCommandTest {
  @Test
  void aBusyPortIsAUsageError() throws Exception {
    try (DatagramSocket taken =
        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      KsimCommandTest.Run run =
          ksim(
              "dns",
              "serve",
              "-f",
              DigCommandTest.manifest(),
              "--port",
              Integer.toString(taken.getLocalPort()),
              "--duration",
              "1");

      assertThat(run.exit()).isEqualTo(2);
      assertThat(run.err())
          .contains("--bind/--port: cannot listen on 127.0.0.1 port " + taken.getLocalPort())
          .doesNotContain("at java.");
    }
  }

  /** 192.0.2.1 (TEST-NET-1, RFC 5737) is no address of this host: bind fails, nothing is sent. */
  @Test
  void anAddressThisHostDoesNotHaveIsAUsageError() throws Exception {
    KsimCommandTest.Run run =
        ksim(
            "dns",
            "serve",
            "-f",
            DigCommandTest.manifest(),
            "--bind",
            "192.0.2.1",
            "--allow-non-loopback",
            "--port",
            "0",
            "--duration",
            "1");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("cannot listen on 192.0.2.1").doesNotContain("at java.");
  }
}
