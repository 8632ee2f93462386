package dev.ksim.scenario.shell;

import dev.ksim.dns.DnsMessage;
import dev.ksim.trace.Trace;
import org.jspecify.annotations.Nullable;

/**
 * One flow a command opened: the trace of its first packet and what it carried after that, which is
 * what a running tcpdump prints beyond the first packet and its answer.
 *
 * @param trace the first packet's trace (and its answer's)
 * @param payload what the flow carried
 */
public record Flow(Trace trace, Flow.Payload payload) {
  /** A flow that carried nothing ksim knows beyond its first packet. */
  public static Flow bare(Trace trace) {
    return new Flow(trace, new Bare());
  }

  /** What a flow carried, by the command that sent it. */
  public sealed interface Payload {
    /** Calls the {@code visitor}'s method for this kind of payload. */
    <R> R accept(Visitor<R> visitor);
  }

  /** Nothing beyond the connection itself ({@code nc -z}, a connection that failed). */
  public record Bare() implements Payload {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitBare(this);
    }
  }

  /**
   * An HTTP request and its response on a TCP connection the client closes after the response (as
   * curl does with nginx's keep-alive).
   *
   * @param requestLine the request line ({@code GET / HTTP/1.1})
   * @param requestLength the request's length in bytes, headers and blank line included
   * @param statusLine the response's status line
   * @param responseLength the response's length in bytes, headers and body included
   */
  public record Http(String requestLine, int requestLength, String statusLine, int responseLength)
      implements Payload {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitHttp(this);
    }
  }

  /**
   * A DNS query over UDP and its reply.
   *
   * @param query the query sent
   * @param reply the reply, or null when none came
   */
  public record Dns(DnsMessage query, @Nullable DnsMessage reply) implements Payload {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitDns(this);
    }
  }

  /**
   * An ICMP echo request (ping's) and, when the address's kernel answers, its reply.
   *
   * @param sequence the echo sequence number
   */
  public record Echo(int sequence) implements Payload {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitEcho(this);
    }
  }

  /** One method per kind of payload. */
  public interface Visitor<R> {
    R visitBare(Bare payload);

    R visitHttp(Http payload);

    R visitDns(Dns payload);

    R visitEcho(Echo payload);
  }
}
