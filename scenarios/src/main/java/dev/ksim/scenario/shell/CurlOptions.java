package dev.ksim.scenario.shell;

import com.google.common.collect.ImmutableList;
import dev.ksim.image.Header;
import dev.ksim.view.CommandResult;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The command line of curl as the tutorials and their readers type it: {@code -s -S -v -I -i -f
 * -k}, {@code -o FILE}, {@code -w FORMAT}, {@code -m SECONDS}, {@code --connect-timeout SECONDS},
 * {@code --interface NAME|ADDRESS}, {@code -H 'Name: value'} and one URL. Short flags combine
 * ({@code -sS}, {@code -sv}, {@code -so /dev/null}); a flag that takes a value takes the rest of
 * its word or the next word, as curl's own parser does. curl has no {@code --flag=value} form.
 *
 * @param silent {@code -s}: no progress meter, no error message
 * @param showError {@code -S}: the error message even with {@code -s}
 * @param verbose {@code -v}: the connection's story and the headers both ways, on stderr
 * @param head {@code -I}: a HEAD request; the response's headers are the output
 * @param include {@code -i}: the response's headers before its body
 * @param fail {@code -f}: an HTTP error status (400 and above) is curl's error 22, without a body
 * @param output {@code -o FILE}: where the body goes instead of stdout, or null
 * @param writeOut {@code -w FORMAT}: what to print after the transfer, or null
 * @param maxTime {@code -m}: the whole operation's time limit, or null
 * @param connectTimeout {@code --connect-timeout}: the connection's time limit, or null
 * @param networkInterface {@code --interface}: the interface or address to send from, or null
 * @param headers {@code -H}: headers that add to or replace curl's own, in order
 * @param url the URL
 * @see <a href="https://curl.se/docs/manpage.html">curl(1)</a>
 */
public record CurlOptions(
    boolean silent,
    boolean showError,
    boolean verbose,
    boolean head,
    boolean include,
    boolean fail,
    @Nullable String output,
    @Nullable String writeOut,
    @Nullable Duration maxTime,
    @Nullable Duration connectTimeout,
    @Nullable String networkInterface,
    List<Header> headers,
    String url) {
  /** The options ksim's curl takes, for the message about one it does not. */
  static final String KNOWN =
      "-s -S -v -I -i -f -k -o FILE -w FORMAT -m SECONDS --connect-timeout SECONDS"
          + " --interface NAME|ADDRESS -H HEADER and one URL";

  /** What curl adds after each of its usage errors. */
  private static final String TRY =
      "curl: try 'curl --help' or 'curl --manual' for more information\n";

  public CurlOptions {
    headers = ImmutableList.copyOf(headers);
  }

  /**
   * The error message (if any) curl prints on stderr for a failure, per {@code -s} and {@code -S}.
   */
  public boolean printsErrors() {
    return !silent || showError;
  }

  /**
   * Parses curl's arguments.
   *
   * @throws CurlUsageException for what curl itself refuses (an option it does not know, a missing
   *     or malformed value, no URL), with curl's message and exit status 2
   * @throws UnsupportedCommandException for a real curl option ksim does not simulate
   */
  public static CurlOptions parse(List<String> args) {
    Builder b = new Builder();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.startsWith("--") && arg.length() > 2) {
        String name = arg.substring(2);
        Flag flag = Flag.byLongName(name).orElseThrow(() -> unknown(arg));
        String value = null;
        if (flag.takesValue) {
          if (i + 1 >= args.size()) {
            throw new CurlUsageException("curl: option " + arg + ": requires parameter\n" + TRY);
          }
          value = args.get(++i);
        }
        b.set(flag, arg, value);
      } else if (arg.startsWith("-") && arg.length() > 1) {
        for (int c = 1; c < arg.length(); c++) {
          String letter = arg.substring(c, c + 1);
          String shown = "-" + letter;
          Flag flag = Flag.byLetter(letter).orElseThrow(() -> unknown(shown));
          if (!flag.takesValue) {
            b.set(flag, shown, null);
            continue;
          }
          String value;
          if (c + 1 < arg.length()) {
            value = arg.substring(c + 1);
          } else if (i + 1 < args.size()) {
            value = args.get(++i);
          } else {
            throw new CurlUsageException("curl: option " + shown + ": requires parameter\n" + TRY);
          }
          b.set(flag, shown, value);
          break;
        }
      } else if (b.url == null) {
        b.url = arg;
      } else {
        throw new UnsupportedCommandException(
            "ksim: curl: one URL at a time here (got " + b.url + " and " + arg + ")");
      }
    }
    if (b.url == null) {
      throw new CurlUsageException("curl: no URL specified!\n" + TRY);
    }
    return new CurlOptions(
        b.silent,
        b.showError,
        b.verbose,
        b.head,
        b.include,
        b.fail,
        b.output,
        b.writeOut,
        b.maxTime,
        b.connectTimeout,
        b.networkInterface,
        b.headers,
        b.url);
  }

  private static RuntimeException unknown(String option) {
    if (Flag.UNSIMULATED.contains(option)) {
      return UnsupportedCommandException.option("curl", option, KNOWN);
    }
    return new CurlUsageException("curl: option " + option + ": is unknown\n" + TRY);
  }

  /** curl's own usage error: its message and exit status 2. */
  public static final class CurlUsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CurlUsageException(String message) {
      super(message);
    }

    /** What curl prints and returns. */
    public CommandResult result() {
      return CommandResult.error(String.valueOf(getMessage()), 2);
    }
  }

  /** The options ksim's curl knows, by curl's short and long names. */
  private enum Flag {
    SILENT("s", "silent", false),
    SHOW_ERROR("S", "show-error", false),
    VERBOSE("v", "verbose", false),
    HEAD("I", "head", false),
    INCLUDE("i", "include", false),
    FAIL("f", "fail", false),
    INSECURE("k", "insecure", false),
    OUTPUT("o", "output", true),
    WRITE_OUT("w", "write-out", true),
    MAX_TIME("m", "max-time", true),
    CONNECT_TIMEOUT("", "connect-timeout", true),
    INTERFACE("", "interface", true),
    HEADER("H", "header", true);

    /**
     * Real curl options (short and long names) that ksim does not simulate: refused as not
     * simulated, where an unknown one is refused as curl refuses it.
     */
    static final List<String> UNSIMULATED =
        List.of(
            "-L",
            "--location",
            "-X",
            "--request",
            "-d",
            "--data",
            "--data-raw",
            "-F",
            "--form",
            "-u",
            "--user",
            "-x",
            "--proxy",
            "--resolve",
            "--connect-to",
            "-4",
            "-6",
            "-O",
            "--remote-name",
            "-A",
            "--user-agent",
            "-e",
            "--referer",
            "-b",
            "--cookie",
            "-c",
            "--cookie-jar",
            "--http2",
            "--http1.0",
            "--cacert",
            "--cert",
            "-E",
            "--key",
            "-N",
            "--no-buffer",
            "-T",
            "--upload-file",
            "--retry",
            "-#",
            "--progress-bar",
            "-Z",
            "--parallel",
            "-G",
            "--get",
            "-D",
            "--dump-header",
            "--trace",
            "--trace-ascii",
            "--unix-socket",
            "--local-port",
            "-Y",
            "-y",
            "--compressed",
            "--limit-rate");

    final String letter;
    final String longName;
    final boolean takesValue;

    Flag(String letter, String longName, boolean takesValue) {
      this.letter = letter;
      this.longName = longName;
      this.takesValue = takesValue;
    }

    static Optional<Flag> byLetter(String letter) {
      for (Flag f : values()) {
        if (f.letter.equals(letter)) {
          return Optional.of(f);
        }
      }
      return Optional.empty();
    }

    static Optional<Flag> byLongName(String name) {
      for (Flag f : values()) {
        if (f.longName.equals(name)) {
          return Optional.of(f);
        }
      }
      return Optional.empty();
    }
  }

  /** The options as they are read, left to right; a later one wins, as in curl. */
  private static final class Builder {
    boolean silent;
    boolean showError;
    boolean verbose;
    boolean head;
    boolean include;
    boolean fail;
    @Nullable String output;
    @Nullable String writeOut;
    @Nullable Duration maxTime;
    @Nullable Duration connectTimeout;
    @Nullable String networkInterface;
    final List<Header> headers = new ArrayList<>();
    @Nullable String url;

    void set(Flag flag, String shown, @Nullable String value) {
      switch (flag) {
        case SILENT -> silent = true;
        case SHOW_ERROR -> showError = true;
        case VERBOSE -> verbose = true;
        case HEAD -> head = true;
        case INCLUDE -> include = true;
        case FAIL -> fail = true;
        case INSECURE -> {
          // certificates are not checked: ksim simulates plain http only
        }
        case OUTPUT -> output = value;
        case WRITE_OUT -> writeOut = value;
        case MAX_TIME -> maxTime = seconds(shown, value);
        case CONNECT_TIMEOUT -> connectTimeout = seconds(shown, value);
        case INTERFACE -> networkInterface = value;
        case HEADER -> headers.add(header(value));
      }
    }

    /** A header line {@code Name: value}; curl sends what is not of that form as it is. */
    private static Header header(@Nullable String line) {
      String text = line == null ? "" : line;
      int colon = text.indexOf(':');
      if (colon <= 0) {
        throw new UnsupportedCommandException(
            "ksim: curl -H takes 'Name: value' here, got '" + text + "'");
      }
      return new Header(text.substring(0, colon), text.substring(colon + 1).strip());
    }

    /** curl's seconds: a decimal number, fractions allowed. */
    private static Duration seconds(String option, @Nullable String value) {
      try {
        BigDecimal s = new BigDecimal(value == null ? "" : value);
        if (s.signum() < 0) {
          throw new NumberFormatException();
        }
        return Duration.ofNanos(s.movePointRight(9).longValueExact());
      } catch (NumberFormatException | ArithmeticException e) {
        throw new CurlUsageException(
            "curl: option " + option + ": expected a proper numerical parameter\n" + TRY);
      }
    }
  }
}
