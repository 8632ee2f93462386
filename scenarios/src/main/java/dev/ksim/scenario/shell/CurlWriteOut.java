package dev.ksim.scenario.shell;

import com.google.common.collect.ImmutableMap;
import dev.ksim.image.Header;
import dev.ksim.image.HttpResponse;
import dev.ksim.net.IpPort;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * curl's {@code -w FORMAT}: the text printed after a transfer, with {@code %{variable}} replaced by
 * what the transfer found, {@code \n}, {@code \r}, {@code \t} and {@code \\} unescaped and {@code
 * %%} a percent sign. Times are the simulated ones, in seconds with six decimals; a transfer that
 * did not connect has no remote or local address (ports 0) and the code 000. An unknown variable
 * prints nothing and curl's warning on stderr.
 *
 * @see <a href="https://curl.se/docs/manpage.html#-w">curl(1), --write-out</a>
 */
final class CurlWriteOut {
  /** Each variable's value for a transfer of a URL. */
  private static final Map<String, BiFunction<CurlTransfer, String, String>> VARIABLES =
      ImmutableMap.<String, BiFunction<CurlTransfer, String, String>>builder()
          .put("http_code", (t, url) -> code(t))
          .put("response_code", (t, url) -> code(t))
          .put("remote_ip", (t, url) -> t.remote() == null ? "" : ip(t.remote()))
          .put("remote_port", (t, url) -> t.remote() == null ? "0" : port(t.remote()))
          .put("local_ip", (t, url) -> t.local() == null ? "" : ip(t.local()))
          .put("local_port", (t, url) -> t.local() == null ? "0" : port(t.local()))
          .put("time_total", (t, url) -> seconds(t.elapsed()))
          .put("time_namelookup", (t, url) -> seconds(Duration.ZERO))
          .put(
              "time_connect", (t, url) -> seconds(t.remote() == null ? Duration.ZERO : t.elapsed()))
          .put(
              "time_starttransfer",
              (t, url) -> seconds(t.response() == null ? Duration.ZERO : t.elapsed()))
          .put("size_download", (t, url) -> String.valueOf(bodyBytes(t)))
          .put("content_type", (t, url) -> header(t.response(), "Content-Type"))
          .put("num_connects", (t, url) -> t.remote() == null ? "0" : "1")
          .put("exitcode", (t, url) -> String.valueOf(t.exitCode()))
          .put("errormsg", (t, url) -> t.error())
          .put("url_effective", (t, url) -> url)
          .put("url", (t, url) -> url)
          .put("method", (t, url) -> t.requestLine().isEmpty() ? "" : t.requestLine().split(" ")[0])
          .put("http_version", (t, url) -> t.response() == null ? "0" : "1.1")
          .build();

  private CurlWriteOut() {}

  /**
   * {@code format} for {@code transfer} of {@code url}; curl's warnings about unknown variables go
   * to {@code stderr}.
   */
  static String format(String format, CurlTransfer transfer, String url, StringBuilder stderr) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < format.length()) {
      char c = format.charAt(i);
      if (c == '%' && format.startsWith("%{", i) && format.indexOf('}', i) > 0) {
        int end = format.indexOf('}', i);
        String name = format.substring(i + 2, end);
        BiFunction<CurlTransfer, String, String> variable = VARIABLES.get(name);
        if (variable == null) {
          stderr.append("curl: unknown --write-out variable: '").append(name).append("'\n");
        } else {
          out.append(variable.apply(transfer, url));
        }
        i = end + 1;
      } else if (c == '%' && format.startsWith("%%", i)) {
        out.append('%');
        i += 2;
      } else if (c == '\\' && i + 1 < format.length()) {
        out.append(unescape(format.charAt(i + 1)));
        i += 2;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static String unescape(char c) {
    return switch (c) {
      case 'n' -> "\n";
      case 'r' -> "\r";
      case 't' -> "\t";
      case '\\' -> "\\";
      default -> "\\" + c;
    };
  }

  private static String code(CurlTransfer t) {
    return String.format(Locale.ROOT, "%03d", t.status());
  }

  private static String ip(IpPort at) {
    return at.ip().toString();
  }

  private static String port(IpPort at) {
    return String.valueOf(at.port());
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%d.%06d", d.getSeconds(), d.getNano() / 1000);
  }

  private static int bodyBytes(CurlTransfer t) {
    HttpResponse response = t.response();
    boolean head = t.requestLine().startsWith("HEAD ");
    return response == null || head ? 0 : response.body().getBytes(StandardCharsets.UTF_8).length;
  }

  private static String header(@Nullable HttpResponse response, String name) {
    if (response == null) {
      return "";
    }
    return response.headers().stream()
        .filter(h -> h.name().equalsIgnoreCase(name))
        .map(Header::value)
        .findFirst()
        .orElse("");
  }
}
