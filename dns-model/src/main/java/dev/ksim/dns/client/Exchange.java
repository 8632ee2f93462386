package dev.ksim.dns.client;

import dev.ksim.dns.DnsMessage;
import org.jspecify.annotations.Nullable;

/**
 * One query a client sent and what came of it.
 *
 * @param server the address the query went to
 * @param tcp whether it went over TCP
 * @param reply the reply, or null when none came
 * @param failure why no reply came ("timed out", "connection refused"), empty with a reply
 */
public record Exchange(
    String server, boolean tcp, DnsMessage query, @Nullable DnsMessage reply, String failure) {
  public static final int PORT = 53;

  public static Exchange answered(String server, boolean tcp, DnsMessage query, DnsMessage reply) {
    return new Exchange(server, tcp, query, reply, "");
  }

  public static Exchange failed(String server, boolean tcp, DnsMessage query, String failure) {
    return new Exchange(server, tcp, query, null, failure);
  }

  /** The line dig and nslookup print for a query that got no reply. */
  public String communicationsError() {
    return ";; communications error to " + server + "#" + PORT + ": " + failure;
  }
}
