package dev.ksim.proxy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One line as klog prints it: severity letter, {@code MMdd HH:mm:ss.uuuuuu}, the thread id padded
 * to seven columns (kube-proxy runs as PID 1 in its container), {@code file:line]} and the
 * structured message.
 *
 * @see <a href="https://github.com/kubernetes/klog/blob/v2.130.1/klog.go">klog.go formatHeader</a>
 */
final class Klog {
  private static final DateTimeFormatter HEADER =
      DateTimeFormatter.ofPattern("MMdd HH:mm:ss.SSSSSS", Locale.ROOT).withZone(ZoneOffset.UTC);

  private Klog() {}

  /** An info line. */
  static String info(Instant at, String source, String message) {
    return line('I', at, source, message);
  }

  /** An error line. */
  static String error(Instant at, String source, String message) {
    return line('E', at, source, message);
  }

  private static String line(char severity, Instant at, String source, String message) {
    return severity
        + HEADER.format(at)
        + String.format(Locale.ROOT, " %7d ", 1)
        + source
        + "] "
        + message;
  }

  /** A Go {@code %q} string: quoted, with quotes and backslashes escaped. */
  static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
