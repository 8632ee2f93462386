package dev.ksim.scenario.shell;

import com.google.common.collect.ImmutableList;
import dev.ksim.image.Header;
import dev.ksim.image.HttpResponse;
import dev.ksim.net.IpPort;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How one of curl's transfers went, as curl 7.88 tells it: the lines {@code -v} prints about the
 * connection, the request it sent and the response it got, or the error it ended with.
 *
 * @param exitCode curl's exit status for it: 0, or its error number
 * @param error curl's error message without the {@code curl: (N) } prefix, "" on success
 * @param note what ksim prints in place of a response it does not model (an answer from outside the
 *     cluster or from a node's own socket), else ""
 * @param connectLines what {@code -v} says between {@code Trying} and the request (the connection
 *     made, or why none was), without the leading {@code * }
 * @param requestLine the request line sent ({@code GET / HTTP/1.1}), "" when none was
 * @param requestHeaders the request's headers as sent
 * @param response the response, or null when none came
 * @param remote the server's address curl connected to, or null when it did not
 * @param local curl's own address and port on that connection, or null when it did not connect
 * @param elapsed the simulated time the transfer took
 */
public record CurlTransfer(
    int exitCode,
    String error,
    String note,
    List<String> connectLines,
    String requestLine,
    List<Header> requestHeaders,
    @Nullable HttpResponse response,
    @Nullable IpPort remote,
    @Nullable IpPort local,
    Duration elapsed) {
  public CurlTransfer {
    connectLines = ImmutableList.copyOf(connectLines);
    requestHeaders = ImmutableList.copyOf(requestHeaders);
  }

  /** A transfer that failed before any request was sent. */
  static CurlTransfer failed(int exitCode, String error, List<String> lines, Duration elapsed) {
    return new CurlTransfer(exitCode, error, "", lines, "", List.of(), null, null, null, elapsed);
  }

  /** Whether it ended in an error. */
  public boolean failed() {
    return exitCode != 0;
  }

  /** The response's status code, 0 when there was none. */
  public int status() {
    return response == null ? 0 : response.status();
  }
}
