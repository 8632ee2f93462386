package dev.ksim.dns.port;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real DNS port: a UDP socket and a TCP listener (RFC 1035 section 4.2, two-octet length prefix)
 * on one address and port, handing each query's bytes to a handler and sending back what it
 * returns. The handler runs on one thread at a time (the simulated cluster behind it is single
 * threaded by design); a TCP connection idle for {@value #TCP_IDLE_MILLIS} ms is closed. Datagrams
 * the handler has no answer for are dropped, as a server drops garbage.
 */
public final class DnsPortServer implements AutoCloseable {
  /** What answers a query: its bytes and whether it came over TCP, to the reply's bytes. */
  @FunctionalInterface
  public interface Handler {
    Optional<byte[]> answer(byte[] query, boolean tcp);
  }

  private static final int TCP_IDLE_MILLIS = 10_000;
  private static final int MAX_UDP = 65_535;
  private static final int TCP_WORKERS = 4;

  private final DatagramSocket udp;
  private final ServerSocket tcp;
  private final Handler handler;
  private final ExecutorService workers = Executors.newFixedThreadPool(TCP_WORKERS + 2);

  private DnsPortServer(DatagramSocket udp, ServerSocket tcp, Handler handler) {
    this.udp = udp;
    this.tcp = tcp;
    this.handler = handler;
  }

  /** Binds {@code address}:{@code port} for UDP and TCP and starts answering. */
  public static DnsPortServer start(InetAddress address, int port, Handler handler)
      throws IOException {
    DatagramSocket udp = new DatagramSocket(new InetSocketAddress(address, port));
    ServerSocket tcp;
    try {
      tcp = new ServerSocket();
      tcp.setReuseAddress(true);
      tcp.bind(new InetSocketAddress(address, udp.getLocalPort()));
    } catch (IOException e) {
      udp.close();
      throw e;
    }
    DnsPortServer server = new DnsPortServer(udp, tcp, handler);
    server.workers.execute(server::serveUdp);
    server.workers.execute(server::acceptTcp);
    return server;
  }

  /** The port bound (useful when 0 was asked for). */
  public int port() {
    return udp.getLocalPort();
  }

  private synchronized Optional<byte[]> answer(byte[] query, boolean overTcp) {
    try {
      return handler.answer(query, overTcp);
    } catch (RuntimeException e) {
      // A query the model cannot answer must not take the port down with it.
      return Optional.empty();
    }
  }

  private void serveUdp() {
    byte[] buffer = new byte[MAX_UDP];
    while (!udp.isClosed()) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        udp.receive(packet);
        byte[] query = Arrays.copyOf(packet.getData(), packet.getLength());
        Optional<byte[]> reply = answer(query, false);
        if (reply.isPresent()) {
          udp.send(new DatagramPacket(reply.get(), reply.get().length, packet.getSocketAddress()));
        }
      } catch (SocketException e) {
        return;
      } catch (IOException e) {
        // One failed datagram does not stop the port.
      }
    }
  }

  private void acceptTcp() {
    ExecutorService connections = Executors.newFixedThreadPool(TCP_WORKERS);
    try {
      while (!tcp.isClosed()) {
        Socket socket = tcp.accept();
        connections.execute(() -> serveTcp(socket));
      }
    } catch (IOException e) {
      // closed
    } finally {
      connections.shutdownNow();
    }
  }

  private void serveTcp(Socket socket) {
    try (socket;
        DataInputStream in = new DataInputStream(socket.getInputStream());
        DataOutputStream out = new DataOutputStream(socket.getOutputStream())) {
      socket.setSoTimeout(TCP_IDLE_MILLIS);
      while (true) {
        int length = in.readUnsignedShort();
        byte[] query = in.readNBytes(length);
        if (query.length < length) {
          return;
        }
        Optional<byte[]> reply = answer(query, true);
        if (reply.isEmpty()) {
          return;
        }
        out.writeShort(reply.get().length);
        out.write(reply.get());
        out.flush();
      }
    } catch (EOFException e) {
      // the client closed the connection
    } catch (IOException e) {
      // timeouts and resets end the connection
    }
  }

  @Override
  public void close() {
    udp.close();
    try {
      tcp.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    workers.shutdownNow();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
