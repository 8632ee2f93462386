package dev.ksim.dnsport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The port's sockets on loopback: answers, garbage, and clients that are slow on purpose. */
@Timeout(30)
class DnsPortServerTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  /** Short deadlines, so that the slow clients below are cut off quickly. */
  private static final TcpTimeouts QUICK =
      new TcpTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 3);

  /** Deadlines no loaded machine reaches, and a budget of three queries. */
  private static final TcpTimeouts THREE_QUERIES =
      new TcpTimeouts(Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ofSeconds(20), 3);

  /** Answers any query of at least 2 bytes with its first two bytes and "ok"; drops the rest. */
  private static List<byte[]> echo(byte[] query, InetAddress client, boolean tcp) {
    if (query.length < 2) {
      return List.of();
    }
    if (query[0] == 'X') {
      throw new IllegalStateException("a query the model chokes on");
    }
    return List.of(new byte[] {query[0], query[1], 'o', 'k', (byte) (tcp ? 't' : 'u')});
  }

  private static byte[] askOverTcp(int port, byte[] query) throws IOException {
    try (Socket tcp = new Socket(LOOPBACK, port);
        DataOutputStream out = new DataOutputStream(tcp.getOutputStream());
        DataInputStream in = new DataInputStream(tcp.getInputStream())) {
      tcp.setSoTimeout(10_000);
      out.writeShort(query.length);
      out.write(query);
      out.flush();
      int length = in.readUnsignedShort();
      return in.readNBytes(length);
    }
  }

  @Test
  void answersOverUdpAndTcpAndSurvivesGarbage() throws Exception {
    try (DnsPortServer server =
            DnsPortServer.start(LOOPBACK, 0, TcpTimeouts.COREDNS, DnsPortServerTest::echo);
        DatagramSocket client = new DatagramSocket()) {
      client.setSoTimeout(5000);
      for (byte[] garbage : new byte[][] {{1}, {'X', 0, 0}, new byte[0]}) {
        client.send(new DatagramPacket(garbage, garbage.length, LOOPBACK, server.port()));
      }
      byte[] query = {7, 9, 1, 2, 3};
      client.send(new DatagramPacket(query, query.length, LOOPBACK, server.port()));
      byte[] buffer = new byte[512];
      DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
      client.receive(reply);

      assertThat(Arrays.copyOf(reply.getData(), reply.getLength()))
          .containsExactly(7, 9, 'o', 'k', 'u');
      assertThat(askOverTcp(server.port(), new byte[] {4, 2, 0}))
          .containsExactly(4, 2, 'o', 'k', 't');
    }
  }

  /**
   * Eight clients hold connections open: four send nothing, four send half a length prefix and
   * stall. A normal client is still answered while they wait, and each slow connection is closed by
   * the server once its read deadline passes (the read returns end of stream).
   */
  @Test
  void slowClientsDoNotStarveTheTcpPortAndAreCutOff() throws Exception {
    try (DnsPortServer server = DnsPortServer.start(LOOPBACK, 0, QUICK, DnsPortServerTest::echo)) {
      List<Socket> slow = new ArrayList<>();
      try {
        for (int i = 0; i < 8; i++) {
          Socket socket = new Socket(LOOPBACK, server.port());
          socket.setSoTimeout(10_000);
          if (i % 2 == 1) {
            socket.getOutputStream().write(0);
            socket.getOutputStream().flush();
          }
          slow.add(socket);
        }

        assertThat(askOverTcp(server.port(), new byte[] {5, 5, 5}))
            .containsExactly(5, 5, 'o', 'k', 't');
        for (Socket socket : slow) {
          InputStream in = socket.getInputStream();
          assertThat(in.read()).as("the server closed the stalled connection").isEqualTo(-1);
        }
      } finally {
        for (Socket socket : slow) {
          socket.close();
        }
      }
    }
  }

  /** A connection is closed after its query budget (miekg/dns: 128 by default). */
  @Test
  void aConnectionEndsAfterItsQueryBudget() throws Exception {
    try (DnsPortServer server =
            DnsPortServer.start(LOOPBACK, 0, THREE_QUERIES, DnsPortServerTest::echo);
        Socket tcp = new Socket(LOOPBACK, server.port());
        DataOutputStream out = new DataOutputStream(tcp.getOutputStream());
        DataInputStream in = new DataInputStream(tcp.getInputStream())) {
      tcp.setSoTimeout(10_000);
      for (int i = 0; i < THREE_QUERIES.maxQueries(); i++) {
        out.writeShort(2);
        out.write(new byte[] {(byte) i, 1});
        out.flush();
        assertThat(in.readNBytes(in.readUnsignedShort())).startsWith((byte) i, (byte) 1);
      }

      assertThat(in.read()).isEqualTo(-1);
    }
  }
}
