package dev.ksim.ipvs;

import dev.ksim.net.Packet;

/**
 * IPVS's own TCP states ({@code IP_VS_TCP_S_*}), with their default timeouts, whether a connection
 * in the state counts as active, and the transition tables for packets from the client (INPUT),
 * from the real server (OUTPUT) and from the client when IPVS never sees replies (INPUT-ONLY: DR
 * and tunnel).
 *
 * @see <a
 *     href="https://github.com/torvalds/linux/blob/master/net/netfilter/ipvs/ip_vs_proto_tcp.c">ip_vs_proto_tcp.c
 *     (tcp_timeouts, tcp_state_active_table, tcp_states)</a>
 */
public enum IpvsTcpState {
  NONE(2, false),
  ESTABLISHED(15 * 60, true),
  SYN_SENT(2 * 60, true),
  SYN_RECV(60, true),
  FIN_WAIT(2 * 60, false),
  TIME_WAIT(2 * 60, false),
  CLOSE(10, false),
  CLOSE_WAIT(60, false),
  LAST_ACK(30, false),
  LISTEN(2 * 60, false),
  SYNACK(120, true);

  /** Which side sent the packet. */
  public enum Direction {
    INPUT,
    OUTPUT,
    INPUT_ONLY
  }

  private final int defaultTimeoutSeconds;
  private final boolean active;

  IpvsTcpState(int defaultTimeoutSeconds, boolean active) {
    this.defaultTimeoutSeconds = defaultTimeoutSeconds;
    this.active = active;
  }

  public int defaultTimeoutSeconds() {
    return defaultTimeoutSeconds;
  }

  /** Whether a connection in this state counts in ActiveConn. */
  public boolean isActive() {
    return active;
  }

  // rows: syn, fin, ack, rst; columns: NONE ES SS SR FW TW CL CW LA LI SA
  private static final IpvsTcpState ES = ESTABLISHED;
  private static final IpvsTcpState SS = SYN_SENT;
  private static final IpvsTcpState SR = SYN_RECV;
  private static final IpvsTcpState FW = FIN_WAIT;
  private static final IpvsTcpState TW = TIME_WAIT;
  private static final IpvsTcpState CL = CLOSE;
  private static final IpvsTcpState CW = CLOSE_WAIT;
  private static final IpvsTcpState LA = LAST_ACK;
  private static final IpvsTcpState LI = LISTEN;

  private static final IpvsTcpState[][] INPUT = {
    {SR, ES, ES, SR, SR, SR, SR, SR, SR, SR, SR},
    {CL, CW, SS, TW, TW, TW, CL, CW, LA, LI, TW},
    {CL, ES, SS, ES, FW, TW, CL, CW, CL, LI, ES},
    {CL, CL, CL, SR, CL, CL, CL, CL, LA, LI, SR},
  };
  private static final IpvsTcpState[][] OUTPUT = {
    {SS, ES, SS, SR, SS, SS, SS, SS, SS, LI, SR},
    {TW, FW, SS, TW, FW, TW, CL, TW, LA, LI, TW},
    {ES, ES, SS, ES, FW, TW, CL, CW, LA, ES, ES},
    {CL, CL, SS, CL, CL, TW, CL, CL, CL, CL, CL},
  };
  private static final IpvsTcpState[][] INPUT_ONLY = {
    {SR, ES, ES, SR, SR, SR, SR, SR, SR, SR, SR},
    {CL, FW, SS, TW, FW, TW, CL, CW, LA, LI, TW},
    {CL, ES, SS, ES, FW, TW, CL, CW, CL, LI, ES},
    {CL, CL, CL, SR, CL, CL, CL, CL, LA, LI, CL},
  };

  /**
   * The state after a packet with {@code tcpFlags} ({@code tcp_state_idx}: RST before SYN before
   * FIN before ACK; a packet with none of them leaves CLOSE).
   */
  @SuppressWarnings("EnumOrdinal") // the columns are the kernel's state numbers, our order
  public IpvsTcpState next(int tcpFlags, Direction direction) {
    int row;
    if ((tcpFlags & Packet.RST) != 0) {
      row = 3;
    } else if ((tcpFlags & Packet.SYN) != 0) {
      row = 0;
    } else if ((tcpFlags & Packet.FIN) != 0) {
      row = 1;
    } else if ((tcpFlags & Packet.ACK) != 0) {
      row = 2;
    } else {
      return CLOSE;
    }
    IpvsTcpState[][] table =
        switch (direction) {
          case INPUT -> INPUT;
          case OUTPUT -> OUTPUT;
          case INPUT_ONLY -> INPUT_ONLY;
        };
    return table[row][ordinal()];
  }
}
