package dev.ksim.scenario.shell;

import dev.ksim.net.Cidr;
import dev.ksim.net.IpAddress;
import dev.ksim.net.Protocol;
import java.util.List;
import java.util.Locale;

/**
 * The part of tcpdump's filter language (pcap-filter(7)) the tutorials use: {@code host A}, {@code
 * port N}, {@code net A/LEN}, each optionally qualified by {@code src} or {@code dst}; the
 * protocols {@code tcp}, {@code udp}, {@code icmp} and {@code ip}; combined with {@code and}
 * ({@code &&}), {@code or} ({@code ||}), {@code not} ({@code !}) and parentheses. A protocol
 * followed by a primitive ({@code tcp port 80}) means both, as in pcap.
 *
 * @see <a href="https://www.tcpdump.org/manpages/pcap-filter.7.html">pcap-filter(7)</a>
 */
sealed interface TcpdumpFilter {
  /** Whether {@code packet} passes. */
  boolean matches(CapturedPacket packet);

  /** Every packet passes (no filter given). */
  record All() implements TcpdumpFilter {
    @Override
    public boolean matches(CapturedPacket packet) {
      return true;
    }
  }

  /** Both pass. */
  record And(TcpdumpFilter left, TcpdumpFilter right) implements TcpdumpFilter {
    @Override
    public boolean matches(CapturedPacket packet) {
      return left.matches(packet) && right.matches(packet);
    }
  }

  /** Either passes. */
  record Or(TcpdumpFilter left, TcpdumpFilter right) implements TcpdumpFilter {
    @Override
    public boolean matches(CapturedPacket packet) {
      return left.matches(packet) || right.matches(packet);
    }
  }

  /** The filter fails. */
  record Not(TcpdumpFilter inner) implements TcpdumpFilter {
    @Override
    public boolean matches(CapturedPacket packet) {
      return !inner.matches(packet);
    }
  }

  /** The packet is of {@code protocol}. */
  record Proto(Protocol protocol) implements TcpdumpFilter {
    @Override
    public boolean matches(CapturedPacket packet) {
      return packet.protocol() == protocol;
    }
  }

  /** An address (or, with a prefix, a network) at the source, the destination or either. */
  record Host(Direction direction, Cidr network) implements TcpdumpFilter {
    @Override
    public boolean matches(CapturedPacket packet) {
      return (direction != Direction.DST && within(packet.source().ip()))
          || (direction != Direction.SRC && within(packet.destination().ip()));
    }

    private boolean within(IpAddress ip) {
      return ip.family() == network.family() && network.contains(ip);
    }
  }

  /** A TCP or UDP port at the source, the destination or either. */
  record Port(Direction direction, int port) implements TcpdumpFilter {
    @Override
    public boolean matches(CapturedPacket packet) {
      if (packet.protocol() != Protocol.TCP && packet.protocol() != Protocol.UDP) {
        return false;
      }
      return (direction != Direction.DST && packet.source().port() == port)
          || (direction != Direction.SRC && packet.destination().port() == port);
    }
  }

  /** Which end of the packet a primitive looks at. */
  enum Direction {
    SRC,
    DST,
    EITHER
  }

  /**
   * Parses {@code words} (the filter may be one quoted word or several).
   *
   * @throws UnsupportedCommandException naming what tcpdump would not compile or ksim does not
   *     model
   */
  static TcpdumpFilter parse(List<String> words) {
    String text = String.join(" ", words).replace("(", " ( ").replace(")", " ) ");
    List<String> tokens = List.of(text.strip().split("\\s+"));
    if (text.isBlank()) {
      return new All();
    }
    Parser parser = new Parser(tokens);
    TcpdumpFilter filter = parser.or();
    if (parser.at < tokens.size()) {
      throw parser.syntax();
    }
    return filter;
  }

  /** A recursive-descent parser over the filter's words. */
  final class Parser {
    private final List<String> tokens;
    private int at;

    Parser(List<String> tokens) {
      this.tokens = tokens;
    }

    TcpdumpFilter or() {
      TcpdumpFilter left = and();
      while (peek("or") || peek("||")) {
        at++;
        left = new Or(left, and());
      }
      return left;
    }

    private TcpdumpFilter and() {
      TcpdumpFilter left = unary();
      while (at < tokens.size() && !peek("or") && !peek("||") && !peek(")")) {
        if (peek("and") || peek("&&")) {
          at++;
        }
        left = new And(left, unary());
      }
      return left;
    }

    private TcpdumpFilter unary() {
      if (peek("not") || peek("!")) {
        at++;
        return new Not(unary());
      }
      if (peek("(")) {
        at++;
        TcpdumpFilter inner = or();
        expect(")");
        return inner;
      }
      return primitive();
    }

    private TcpdumpFilter primitive() {
      String word = next().toLowerCase(Locale.ROOT);
      TcpdumpFilter protocol =
          switch (word) {
            case "tcp" -> new Proto(Protocol.TCP);
            case "udp" -> new Proto(Protocol.UDP);
            case "icmp" -> new Proto(Protocol.ICMP);
            case "ip" -> new All();
            default -> null;
          };
      if (protocol != null) {
        return protocol;
      }
      Direction direction = Direction.EITHER;
      if (word.equals("src") || word.equals("dst")) {
        direction = word.equals("src") ? Direction.SRC : Direction.DST;
        word = next().toLowerCase(Locale.ROOT);
      }
      return switch (word) {
        case "host" -> host(direction, next(), false);
        case "net" -> host(direction, next(), true);
        case "port" -> port(direction, next());
        default -> host(direction, word, false);
      };
    }

    private TcpdumpFilter host(Direction direction, String value, boolean net) {
      String[] parts = value.split("/", 2);
      IpAddress address =
          IpAddress.tryParse(parts[0])
              .orElseThrow(
                  () ->
                      new UnsupportedCommandException(
                          "tcpdump: can't parse filter expression: ksim's tcpdump takes addresses,"
                              + " not names, in host and net (got "
                              + value
                              + ")"));
      int bits = address.family().bits();
      int prefix = bits;
      if (parts.length == 2) {
        try {
          prefix = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
          throw syntax();
        }
      } else if (net) {
        throw new UnsupportedCommandException(
            "tcpdump: ksim's tcpdump takes net ADDRESS/LENGTH (got " + value + ")");
      }
      if (prefix < 0 || prefix > bits) {
        throw syntax();
      }
      return new Host(direction, Cidr.containing(address, prefix));
    }

    private TcpdumpFilter port(Direction direction, String value) {
      try {
        int port = Integer.parseInt(value);
        if (port < 0 || port > 65535) {
          throw new NumberFormatException();
        }
        return new Port(direction, port);
      } catch (NumberFormatException e) {
        throw new UnsupportedCommandException("tcpdump: illegal port number " + value);
      }
    }

    private boolean peek(String word) {
      return at < tokens.size() && tokens.get(at).equalsIgnoreCase(word);
    }

    private String next() {
      if (at >= tokens.size()) {
        throw syntax();
      }
      return tokens.get(at++);
    }

    private void expect(String word) {
      if (!peek(word)) {
        throw syntax();
      }
      at++;
    }

    UnsupportedCommandException syntax() {
      return new UnsupportedCommandException(
          "tcpdump: can't parse filter expression: syntax error in filter expression: "
              + String.join(" ", tokens));
    }
  }
}
