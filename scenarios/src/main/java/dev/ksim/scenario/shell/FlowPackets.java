package dev.ksim.scenario.shell;

import dev.ksim.dns.DnsMessage;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpPort;
import dev.ksim.net.Protocol;
import dev.ksim.sim.SimRandom;
import dev.ksim.trace.Trace;
import dev.ksim.trace.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Every packet of a flow as tcpdump 4.99 prints it on the wires of one namespace: for TCP the
 * handshake, the request and response with their acknowledgements and the client's close (or the
 * RST of a refused port, the ICMP error of a rejected one); for UDP a DNS query and its answer; for
 * ping the echo request and reply. The first packet and its answer cross the wires the trace shows;
 * the packets after them take the same ways (connection tracking keeps them on it); an error
 * answered where the first packet ended goes back the way it came.
 *
 * <p>Sequence numbers are relative after the SYNs, as tcpdump prints them when it saw the
 * handshake; window sizes after the handshake are the SYNs' windows scaled by the window scale 7
 * the SYNs announce.
 *
 * @see <a
 *     href="https://github.com/the-tcpdump-group/tcpdump/blob/tcpdump-4.99/print-tcp.c">print-tcp.c</a>
 */
final class FlowPackets implements Flow.Visitor<List<FlowPackets.Segment>> {
  /** The window field after the handshake: 64240 and 65160 bytes at window scale 7. */
  private static final int CLIENT_WINDOW = 502;

  private static final int SERVER_WINDOW = 509;

  /** A packet of the flow as printed, before any tunnel wraps it. */
  private record Packet(Protocol protocol, IpPort source, IpPort destination, String contents) {}

  /** Which wires a segment crosses. */
  private enum Way {
    /** The first packet's. */
    REQUEST,
    /** The traced answer's. */
    REPLY,
    /** The first packet's, backwards: an answer from where it ended. */
    BACK
  }

  /** One packet of the flow: the wires it crosses and how it reads on each. */
  record Segment(Way way, Function<Wire, Packet> print) {}

  private final Trace trace;
  private final PacketWalk.Paths paths;
  private final SimRandom random;
  private final IpAddress errorSource;
  private final int echoId;

  private FlowPackets(
      Trace trace, PacketWalk.Paths paths, SimRandom random, IpAddress errorSource, int echoId) {
    this.trace = trace;
    this.paths = paths;
    this.random = random;
    this.errorSource = errorSource;
    this.echoId = echoId;
  }

  /**
   * The packets of {@code flow} on the wires of {@code paths}, in the order they cross them; {@code
   * errorSource} is the address an ICMP error about the first packet comes from, {@code echoId} the
   * identifier of ping's echoes.
   */
  static List<CapturedPacket> of(
      Flow flow, PacketWalk.Paths paths, SimRandom random, IpAddress errorSource, int echoId) {
    List<CapturedPacket> packets = new ArrayList<>();
    FlowPackets printer = new FlowPackets(flow.trace(), paths, random, errorSource, echoId);
    for (Segment segment : flow.payload().accept(printer)) {
      List<Wire> wires =
          switch (segment.way()) {
            case REQUEST -> paths.request();
            case REPLY -> paths.reply();
            case BACK -> paths.mirrored();
          };
      for (Wire wire : wires) {
        packets.add(captured(wire, segment.print().apply(wire)));
      }
    }
    return packets;
  }

  private static CapturedPacket captured(Wire wire, Packet packet) {
    if (wire.tunnel() == null) {
      return new CapturedPacket(
          packet.protocol(),
          packet.source(),
          packet.destination(),
          wire.iface(),
          wire.outbound(),
          packet.contents());
    }
    String wrapped =
        "OTV, flags [I] (0x08), overlay 0, instance "
            + wire.tunnel().vni()
            + "\nIP "
            + Wire.shown(packet.source(), packet.protocol())
            + " > "
            + Wire.shown(packet.destination(), packet.protocol())
            + ": "
            + packet.contents();
    return new CapturedPacket(
        Protocol.UDP, wire.source(), wire.destination(), wire.iface(), wire.outbound(), wrapped);
  }

  @Override
  public List<Segment> visitBare(Flow.Bare payload) {
    return switch (trace.protocol()) {
      case TCP -> tcp(0, "", 0, "");
      case UDP -> udp("UDP, length 0", null, 0);
      default -> List.of(new Segment(Way.REQUEST, wire -> own(wire, "ICMP")));
    };
  }

  @Override
  public List<Segment> visitHttp(Flow.Http payload) {
    return tcp(
        payload.requestLength(),
        payload.requestLine(),
        payload.responseLength(),
        payload.statusLine());
  }

  @Override
  public List<Segment> visitDns(Flow.Dns payload) {
    DnsMessage reply = payload.reply();
    return udp(
        TcpdumpDns.query(payload.query()),
        reply == null ? null : TcpdumpDns.reply(reply),
        payload.query().wireLength());
  }

  @Override
  public List<Segment> visitEcho(Flow.Echo payload) {
    String ids = ", id " + echoId + ", seq " + payload.sequence() + ", length 64";
    List<Segment> segments = new ArrayList<>();
    segments.add(new Segment(Way.REQUEST, wire -> own(wire, "ICMP echo request" + ids)));
    // the kernel owning the address answers, whether or not a socket was what the trace looked for
    if (trace.verdict() == Verdict.DELIVERED || trace.verdict() == Verdict.REFUSED) {
      segments.add(
          new Segment(
              paths.reply().isEmpty() ? Way.BACK : Way.REPLY,
              wire -> own(wire, "ICMP echo reply" + ids)));
    }
    return segments;
  }

  /** The flow's own packet on {@code wire} with {@code contents}. */
  private static Packet own(Wire wire, String contents) {
    return new Packet(wire.flowProtocol(), wire.flowSource(), wire.flowDestination(), contents);
  }

  /**
   * A TCP connection: SYN, then by how the trace ended the SYN-ACK and the exchange of {@code
   * request} and {@code response} bytes (none: a bare connect and close), an RST, an ICMP error, or
   * nothing.
   */
  private List<Segment> tcp(int request, String requestLine, int response, String statusLine) {
    long seq = next();
    long answerSeq = next();
    long clientClock = next();
    long serverClock = next();
    List<Segment> segments = new ArrayList<>();
    segments.add(
        tcpSegment(
            Way.REQUEST,
            "Flags [S], seq "
                + seq
                + ", win 64240, options [mss 1460,sackOK,TS val "
                + clientClock
                + " ecr 0,nop,wscale 7], length 0",
            ""));
    switch (trace.verdict()) {
      case REFUSED ->
          segments.add(
              tcpSegment(
                  Way.BACK, "Flags [R.], seq 0, ack " + (seq + 1) + ", win 0, length 0", ""));
      case REJECTED -> segments.add(unreachable("tcp", 40));
      case DROPPED, UNREACHABLE -> {
        // nothing answers: curl gives up after the SYN's retransmissions
      }
      case DELIVERED -> {
        if (paths.reply().isEmpty() && !paths.answered()) {
          break;
        }
        segments.add(
            tcpSegment(
                Way.REPLY,
                "Flags [S.], seq "
                    + answerSeq
                    + ", ack "
                    + (seq + 1)
                    + ", win 65160, options [mss 1460,sackOK,TS val "
                    + serverClock
                    + " ecr "
                    + clientClock
                    + ",nop,wscale 7], length 0",
                ""));
        if (paths.answered()) {
          exchange(
              segments,
              new Clocks(clientClock, serverClock),
              request,
              requestLine,
              response,
              statusLine);
        }
      }
    }
    return segments;
  }

  /** The TCP timestamps of the two ends, echoed by each other after the handshake. */
  private record Clocks(long client, long server) {
    String fromClient() {
      return "options [nop,nop,TS val " + client + " ecr " + server + "]";
    }

    String fromServer() {
      return "options [nop,nop,TS val " + server + " ecr " + client + "]";
    }
  }

  /** The packets after the handshake: the request and response, then the client's close. */
  private void exchange(
      List<Segment> segments,
      Clocks clocks,
      int request,
      String requestLine,
      int response,
      String statusLine) {
    String client = ", win " + CLIENT_WINDOW + ", " + clocks.fromClient();
    String server = ", win " + SERVER_WINDOW + ", " + clocks.fromServer();
    segments.add(tcpSegment(Way.REQUEST, "Flags [.], ack 1" + client + ", length 0", ""));
    if (request > 0) {
      segments.add(
          tcpSegment(
              Way.REQUEST,
              "Flags [P.], seq 1:" + (request + 1) + ", ack 1" + client + ", length " + request,
              requestLine));
      segments.add(
          tcpSegment(Way.REPLY, "Flags [.], ack " + (request + 1) + server + ", length 0", ""));
    }
    if (response > 0) {
      segments.add(
          tcpSegment(
              Way.REPLY,
              "Flags [P.], seq 1:"
                  + (response + 1)
                  + ", ack "
                  + (request + 1)
                  + server
                  + ", length "
                  + response,
              statusLine));
      segments.add(
          tcpSegment(Way.REQUEST, "Flags [.], ack " + (response + 1) + client + ", length 0", ""));
    }
    segments.add(
        tcpSegment(
            Way.REQUEST,
            "Flags [F.], seq " + (request + 1) + ", ack " + (response + 1) + client + ", length 0",
            ""));
    if (response == 0) {
      segments.add(
          tcpSegment(Way.REPLY, "Flags [.], ack " + (request + 2) + server + ", length 0", ""));
    }
    segments.add(
        tcpSegment(
            Way.REPLY,
            "Flags [F.], seq " + (response + 1) + ", ack " + (request + 2) + server + ", length 0",
            ""));
    segments.add(
        tcpSegment(Way.REQUEST, "Flags [.], ack " + (response + 2) + client + ", length 0", ""));
  }

  /**
   * A TCP segment whose payload starts with {@code httpLine} ("" for none): tcpdump prints that
   * line after {@code HTTP: } when either port on the wire is HTTP's (80 or 8080).
   */
  private static Segment tcpSegment(Way way, String flags, String httpLine) {
    return new Segment(
        way,
        wire -> {
          boolean http =
              !httpLine.isEmpty()
                  && (isHttp(wire.flowSource().port()) || isHttp(wire.flowDestination().port()));
          return own(wire, http ? flags + ": HTTP: " + httpLine : flags);
        });
  }

  private static boolean isHttp(int port) {
    return port == 80 || port == 8080;
  }

  /**
   * A UDP datagram and its answer: {@code query} as printed, then {@code answer} when one came, or
   * the ICMP error of a refused or rejected port ({@code length} is the datagram's payload length).
   */
  private List<Segment> udp(String query, @Nullable String answer, int length) {
    List<Segment> segments = new ArrayList<>();
    segments.add(new Segment(Way.REQUEST, wire -> own(wire, query)));
    switch (trace.verdict()) {
      case REFUSED, REJECTED -> segments.add(unreachable("udp", 8 + length));
      case DELIVERED -> {
        if (answer != null && paths.answered()) {
          segments.add(new Segment(Way.REPLY, wire -> own(wire, answer)));
        }
      }
      case DROPPED, UNREACHABLE -> {
        // nothing answers
      }
    }
    return segments;
  }

  /**
   * The ICMP port unreachable error about the first packet (whose transport header and payload take
   * {@code quoted} bytes), sent back from {@link #errorSource}: it quotes the packet's destination
   * as it was on each wire.
   */
  private Segment unreachable(String protocol, int quoted) {
    return new Segment(
        Way.BACK,
        wire -> {
          IpPort quotedEnd = wire.flowSource();
          IpPort from = new IpPort(errorSource, 0);
          return new Packet(
              Protocol.ICMP,
              from,
              wire.flowDestination(),
              "ICMP "
                  + quotedEnd.ip()
                  + " "
                  + protocol
                  + " port "
                  + quotedEnd.port()
                  + " unreachable, length "
                  + (8 + 20 + quoted));
        });
  }

  private long next() {
    return Integer.toUnsignedLong(random.nextInt(Integer.MAX_VALUE));
  }
}
