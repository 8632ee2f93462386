package dev.ksim.dns.port;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class DnsPortServerTest {
  /** Answers any query of at least 2 bytes with its first two bytes and "ok"; drops the rest. */
  private static Optional<byte[]> echo(byte[] query, boolean tcp) {
    if (query.length < 2) {
      return Optional.empty();
    }
    if (query[0] == 'X') {
      throw new IllegalStateException("a query the model chokes on");
    }
    return Optional.of(new byte[] {query[0], query[1], 'o', 'k', (byte) (tcp ? 't' : 'u')});
  }

  @Test
  void answersOverUdpAndTcpAndSurvivesGarbage() throws Exception {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (DnsPortServer server = DnsPortServer.start(loopback, 0, DnsPortServerTest::echo);
        DatagramSocket client = new DatagramSocket()) {
      client.setSoTimeout(5000);
      for (byte[] garbage : new byte[][] {{1}, {'X', 0, 0}, new byte[0]}) {
        client.send(new DatagramPacket(garbage, garbage.length, loopback, server.port()));
      }
      byte[] query = {7, 9, 1, 2, 3};
      client.send(new DatagramPacket(query, query.length, loopback, server.port()));
      byte[] buffer = new byte[512];
      DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
      client.receive(reply);
      assertThat(Arrays.copyOf(reply.getData(), reply.getLength()))
          .containsExactly(7, 9, 'o', 'k', 'u');

      try (Socket tcp = new Socket(loopback, server.port());
          DataOutputStream out = new DataOutputStream(tcp.getOutputStream());
          DataInputStream in = new DataInputStream(tcp.getInputStream())) {
        tcp.setSoTimeout(5000);
        out.writeShort(3);
        out.write(new byte[] {4, 2, 0});
        out.flush();
        int length = in.readUnsignedShort();
        assertThat(in.readNBytes(length)).containsExactly(4, 2, 'o', 'k', 't');
      }
    }
  }
}
