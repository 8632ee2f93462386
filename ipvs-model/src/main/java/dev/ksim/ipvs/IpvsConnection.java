package dev.ksim.ipvs;

import dev.ksim.net.IpPort;
import dev.ksim.net.Protocol;
import org.jspecify.annotations.Nullable;

/**
 * One entry of the IPVS connection table ({@code struct ip_vs_conn}): a client's connection to a
 * virtual service bound to a real server, or a persistence template (client port 0, the client
 * address masked by the service's netmask) that later connections of the client follow. Mutable:
 * its state, timer and counters change with each packet.
 */
public final class IpvsConnection {
  private final long id;
  private final ServiceKey service;
  private final Protocol protocol;
  private final IpPort client;
  private IpPort virtual;
  private IpPort destination;
  private final RealServer server;
  private final boolean template;
  private final @Nullable IpvsConnection controller;
  private final boolean conntrack;
  private int controlled;
  private @Nullable IpvsTcpState tcpState;
  private boolean active;
  private long timeoutMillis;
  private long expiresAt;
  private long timerSequence;
  private long timerDeadline;

  IpvsConnection(
      long id,
      ServiceKey service,
      Protocol protocol,
      IpPort client,
      IpPort virtual,
      RealServer server,
      IpPort destination,
      boolean template,
      @Nullable IpvsConnection controller,
      boolean conntrack) {
    this.id = id;
    this.service = service;
    this.protocol = protocol;
    this.client = client;
    this.virtual = virtual;
    this.server = server;
    this.destination = destination;
    this.template = template;
    this.controller = controller;
    this.conntrack = conntrack;
    this.tcpState = protocol == Protocol.TCP && !template ? IpvsTcpState.NONE : null;
  }

  /** Creation order, for stable listings. */
  public long id() {
    return id;
  }

  public ServiceKey service() {
    return service;
  }

  public Protocol protocol() {
    return protocol;
  }

  /** The client's address and port (port 0 for a template). */
  public IpPort client() {
    return client;
  }

  /** The virtual address and port the client sent to. */
  public IpPort virtual() {
    return virtual;
  }

  /** The real server's address and the port packets go to. */
  public IpPort destination() {
    return destination;
  }

  public RealServer server() {
    return server;
  }

  public ForwardMethod forward() {
    return server.forward();
  }

  /** Whether this is a persistence template ({@code IP_VS_CONN_F_TEMPLATE}). */
  public boolean isTemplate() {
    return template;
  }

  /** The template this connection was created from, or null. */
  public @Nullable IpvsConnection controller() {
    return controller;
  }

  /** How many connections this template controls ({@code n_control}). */
  public int controlled() {
    return controlled;
  }

  /** Whether the connection lives in netfilter's conntrack too ({@code IP_VS_CONN_F_NFCT}). */
  public boolean usesConntrack() {
    return conntrack;
  }

  /** Whether it counts in its server's ActiveConn (else InActConn). */
  public boolean isActive() {
    return active;
  }

  public @Nullable IpvsTcpState tcpState() {
    return tcpState;
  }

  /**
   * The state as {@code /proc/net/ip_vs_conn} and {@code ipvsadm -Lc} name it: TCP's state, {@code
   * UDP}, SCTP's, and {@code NONE} for a template.
   */
  public String stateName() {
    if (template) {
      return "NONE";
    }
    IpvsTcpState state = tcpState;
    if (state != null) {
      return state.name();
    }
    return protocol == Protocol.UDP ? "UDP" : "ESTABLISHED";
  }

  /** The protocol as ip_vs_proto_name prints it ({@code IP} for a firewall-mark template). */
  public String protocolName() {
    return template && service.isFwmark() ? "IP" : protocol.name();
  }

  /** Simulated time (ms) at which the entry expires. */
  public long expiresAt() {
    return expiresAt;
  }

  long timeoutMillis() {
    return timeoutMillis;
  }

  void setTimer(long timeout, long expiry) {
    this.timeoutMillis = timeout;
    this.expiresAt = expiry;
  }

  /** The connection's current entry in {@link ConnectionTimers}, 0 when it has none. */
  long timerSequence() {
    return timerSequence;
  }

  /** When the connection's current timer entry fires (not later than {@link #expiresAt}). */
  long timerDeadline() {
    return timerDeadline;
  }

  void setTimerEntry(long sequence, long deadline) {
    this.timerSequence = sequence;
    this.timerDeadline = deadline;
  }

  void controlAdded() {
    controlled++;
  }

  void controlRemoved() {
    controlled--;
  }

  /** A template that no longer applies is unhashed with ports 65535 until it expires. */
  void invalidate() {
    virtual = new IpPort(virtual.ip(), 0xffff);
    destination = new IpPort(destination.ip(), 0xffff);
  }

  /**
   * Moves the TCP state for a packet with {@code tcpFlags} and keeps the server's ActiveConn and
   * InActConn in step ({@code set_tcp_state}); returns the timeout of the new state, in seconds.
   */
  int transition(int tcpFlags, IpvsTcpState.Direction direction, IpvsTimeouts timeouts) {
    IpvsTcpState state = tcpState;
    if (state == null) {
      return protocol == Protocol.UDP ? timeouts.udp() : IpvsTimeouts.SCTP_ESTABLISHED_SECONDS;
    }
    IpvsTcpState next = state.next(tcpFlags, direction);
    if (next != state) {
      if (active && !next.isActive()) {
        server.moveConnection(false);
        active = false;
      } else if (!active && next.isActive()) {
        server.moveConnection(true);
        active = true;
      }
      tcpState = next;
    }
    return timeouts.tcp(next);
  }

  /**
   * Whether a new connection from the same client port replaces this one ({@code
   * is_new_conn_expected}): not for connections a template controls; TCP in TIME_WAIT (or FIN_WAIT
   * without replies seen, with bit 1 of conn_reuse_mode).
   */
  boolean isNewConnectionExpected(int connReuseMode) {
    if (controller != null) {
      return false;
    }
    IpvsTcpState state = tcpState;
    if (state == null) {
      return false;
    }
    return state == IpvsTcpState.TIME_WAIT
        || ((connReuseMode & 2) != 0
            && state == IpvsTcpState.FIN_WAIT
            && server.forward() != ForwardMethod.MASQ);
  }
}
