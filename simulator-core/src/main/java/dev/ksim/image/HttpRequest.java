package dev.ksim.image;

import com.google.common.collect.ImmutableList;
import dev.ksim.net.IpPort;
import java.time.Instant;
import java.util.List;

/**
 * An HTTP request as the server process in a pod receives it.
 *
 * @param method e.g. {@code GET}
 * @param target the request target: path and query, e.g. {@code /echo?msg=hi}
 * @param headers the request's headers, in the order sent
 * @param client the client's address and port as the pod saw them (after any source NAT)
 * @param server the address and port the connection reached in the pod (after any DNAT)
 * @param at when, on the simulated clock
 */
public record HttpRequest(
    String method, String target, List<Header> headers, IpPort client, IpPort server, Instant at) {
  public HttpRequest {
    headers = ImmutableList.copyOf(headers);
  }

  /** The path, without the query. */
  public String path() {
    int question = target.indexOf('?');
    return question < 0 ? target : target.substring(0, question);
  }

  /** The value of query parameter {@code name}, "" when absent (percent-escapes decoded). */
  public String query(String name) {
    int question = target.indexOf('?');
    if (question < 0) {
      return "";
    }
    for (String pair : target.substring(question + 1).split("&", -1)) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (key.equals(name)) {
        return eq < 0
            ? ""
            : java.net.URLDecoder.decode(
                pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
      }
    }
    return "";
  }

  /** The value of header {@code name} (any case), "" when not sent. */
  public String header(String name) {
    return headers.stream()
        .filter(h -> h.name().equalsIgnoreCase(name))
        .map(Header::value)
        .findFirst()
        .orElse("");
  }
}
