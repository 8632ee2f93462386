package dev.ksim.dnsport;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A real DNS port: a UDP socket and a TCP listener (RFC 1035 section 4.2, two-octet length prefix;
 * RFC 7766 for connection reuse) on one address and port, handing each query's bytes to a handler
 * and sending back what it returns. The handler runs on one thread at a time (the simulated cluster
 * behind it is single threaded by design). Each TCP connection has its own thread and deadlines
 * ({@link TcpTimeouts}): a deadline that passes closes the connection, whatever it was blocked on.
 * Connections beyond {@link #MAX_CONNECTIONS} are closed as they arrive. Datagrams the handler has
 * no answer for are dropped, as a server drops garbage.
 */
public final class DnsPortServer implements AutoCloseable {
  /**
   * What answers a query: its bytes, the client's address and whether it came over TCP, to the
   * messages sent back (none, one reply, or a zone transfer's messages).
   */
  @FunctionalInterface
  public interface Handler {
    List<byte[]> answer(byte[] query, InetAddress client, boolean tcp);
  }

  /** TCP connections served at once; more are closed on arrival. */
  static final int MAX_CONNECTIONS = 256;

  private static final int MAX_UDP = 65_535;

  private final DatagramSocket udp;
  private final ServerSocket tcp;
  private final Handler handler;
  private final TcpTimeouts timeouts;
  private final ExecutorService listeners = Executors.newFixedThreadPool(2);
  private final ExecutorService connections = Executors.newCachedThreadPool();
  private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor();
  private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);

  /** The connections being served, closed with the port. */
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();

  private DnsPortServer(
      DatagramSocket udp, ServerSocket tcp, Handler handler, TcpTimeouts timeouts) {
    this.udp = udp;
    this.tcp = tcp;
    this.handler = handler;
    this.timeouts = timeouts;
  }

  /**
   * Binds {@code address}:{@code port} for UDP and TCP and starts answering.
   *
   * @throws java.net.BindException when the port is taken or the address is not this host's
   */
  public static DnsPortServer start(
      InetAddress address, int port, TcpTimeouts timeouts, Handler handler) throws IOException {
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
    DnsPortServer server = new DnsPortServer(udp, tcp, handler, timeouts);
    server.listeners.execute(server::serveUdp);
    server.listeners.execute(server::acceptTcp);
    return server;
  }

  /** The port bound (useful when 0 was asked for). */
  public int port() {
    return udp.getLocalPort();
  }

  private synchronized List<byte[]> answer(byte[] query, InetAddress client, boolean overTcp) {
    try {
      return handler.answer(query, client, overTcp);
    } catch (RuntimeException e) {
      // A query the model cannot answer must not take the port down with it.
      return List.of();
    }
  }

  private void serveUdp() {
    byte[] buffer = new byte[MAX_UDP];
    while (!udp.isClosed()) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        udp.receive(packet);
        byte[] query = Arrays.copyOf(packet.getData(), packet.getLength());
        for (byte[] reply : answer(query, packet.getAddress(), false)) {
          udp.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
        }
      } catch (SocketException e) {
        return;
      } catch (IOException e) {
        // One failed datagram does not stop the port.
      }
    }
  }

  private void acceptTcp() {
    while (!tcp.isClosed()) {
      Socket socket;
      try {
        socket = tcp.accept();
      } catch (IOException e) {
        return;
      }
      if (!slots.tryAcquire()) {
        closeQuietly(socket);
        continue;
      }
      open.add(socket);
      connections.execute(
          () -> {
            try {
              serveTcp(socket);
            } finally {
              closeQuietly(socket);
              open.remove(socket);
              slots.release();
            }
          });
    }
  }

  /** Queries and replies on one connection until the client closes it or a deadline passes. */
  private void serveTcp(Socket socket) {
    try (DataInputStream in = new DataInputStream(socket.getInputStream());
        DataOutputStream out = new DataOutputStream(socket.getOutputStream())) {
      for (int served = 0; served < timeouts.maxQueries(); served++) {
        Duration wait = served == 0 ? timeouts.read() : timeouts.idle();
        byte[] query;
        ScheduledFuture<?> reading = closeAfter(socket, wait);
        try {
          int length = in.readUnsignedShort();
          query = in.readNBytes(length);
          if (query.length < length) {
            return;
          }
        } finally {
          reading.cancel(false);
        }
        List<byte[]> replies = answer(query, socket.getInetAddress(), true);
        if (replies.isEmpty()) {
          return;
        }
        ScheduledFuture<?> writing = closeAfter(socket, timeouts.write());
        try {
          for (byte[] reply : replies) {
            out.writeShort(reply.length);
            out.write(reply);
          }
          out.flush();
        } finally {
          writing.cancel(false);
        }
      }
    } catch (EOFException e) {
      // the client closed the connection
    } catch (IOException e) {
      // a deadline closed the socket, or the client reset it
    }
  }

  private ScheduledFuture<?> closeAfter(Socket socket, Duration deadline) {
    return deadlines.schedule(
        () -> closeQuietly(socket), deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing is all that was wanted
    }
  }

  @Override
  public void close() {
    udp.close();
    try {
      tcp.close();
    } catch (IOException e) {
      // the listener is going away either way
    }
    listeners.shutdownNow();
    open.forEach(DnsPortServer::closeQuietly);
    connections.shutdownNow();
    deadlines.shutdownNow();
    try {
      listeners.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
