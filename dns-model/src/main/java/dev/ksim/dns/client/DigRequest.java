package dev.ksim.dns.client;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.Sets;
import com.google.common.net.InetAddresses;
import dev.ksim.dns.DnsName;
import dev.ksim.dns.RecordType;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A dig command line (BIND 9.18 syntax): {@code [@server] [-t type] [-x addr] [name] [type]
 * [+option...]}. The display options are the ones dig's output depends on: {@code +cmd}, {@code
 * +comments}, {@code +question}, {@code +answer}, {@code +authority}, {@code +additional}, {@code
 * +stats}, {@code +all}/{@code +noall}, {@code +short}; the lookup options are {@code +search},
 * {@code +showsearch}, {@code +tcp}, {@code +tries}, {@code +time}, {@code +recurse}.
 */
public record DigRequest(
    List<String> args,
    @Nullable String server,
    String name,
    RecordType type,
    boolean search,
    boolean showSearch,
    boolean tcp,
    int tries,
    boolean recurse,
    Display display) {
  public DigRequest {
    args = ImmutableList.copyOf(args);
  }

  /** A part of dig's output that {@code +[no]part} switches. */
  public enum Part {
    CMD,
    COMMENTS,
    QUESTION,
    ANSWER,
    AUTHORITY,
    ADDITIONAL,
    STATS
  }

  /**
   * What parts of the output dig prints; {@code shortForm} prints answers' data alone.
   *
   * @param parts the parts printed
   */
  public record Display(Set<Part> parts, boolean shortForm) {
    public Display {
      parts = Sets.immutableEnumSet(parts);
    }

    public boolean shows(Part part) {
      return parts.contains(part);
    }
  }

  /** Parses dig's arguments. */
  public static DigRequest parse(List<String> args) {
    String server = null;
    String name = null;
    RecordType type = null;
    boolean search = false;
    boolean showSearch = false;
    boolean tcp = false;
    int tries = 3;
    boolean recurse = true;
    Set<Part> parts = EnumSet.allOf(Part.class);
    boolean shortForm = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.startsWith("@")) {
        server = arg.substring(1);
      } else if (arg.equals("-t") || arg.equals("-x") || arg.equals("-p") || arg.equals("-c")) {
        if (i + 1 >= args.size()) {
          throw new ClientException("dig: option requires an argument -- '" + arg.charAt(1) + "'");
        }
        String value = args.get(++i);
        switch (arg) {
          case "-t" -> type = type(value);
          case "-x" -> {
            if (!InetAddresses.isInetAddress(value)) {
              throw new ClientException("dig: '" + value + "' is not a legal IP address");
            }
            name = DnsName.reverse(InetAddresses.forString(value)).toString();
            type = type == null ? RecordType.PTR : type;
          }
          case "-p" -> {
            if (!value.equals("53")) {
              throw new ClientException(
                  "dig: ksim's servers listen on port 53 only, got -p " + value);
            }
          }
          default -> {
            if (!value.equalsIgnoreCase("IN")) {
              throw new ClientException("dig: only class IN is simulated, got -c " + value);
            }
          }
        }
      } else if (arg.startsWith("+")) {
        String option = arg.substring(1).toLowerCase(Locale.ROOT);
        boolean on = !option.startsWith("no");
        String key = on ? option : option.substring(2);
        String value = "";
        int eq = key.indexOf('=');
        if (eq >= 0) {
          value = key.substring(eq + 1);
          key = key.substring(0, eq);
        }
        switch (key) {
          case "search" -> search = on;
          case "showsearch" -> {
            showSearch = on;
            search = search || on;
          }
          case "tcp", "vc" -> tcp = on;
          case "tries", "retry" -> tries = number(arg, value) + (key.equals("retry") ? 1 : 0);
          case "time", "timeout", "cookie", "edns", "bufsize" -> {
            // Timing and EDNS tuning: ksim's answers do not depend on them.
          }
          case "recurse", "rec" -> recurse = on;
          case "all" -> {
            if (on) {
              parts.addAll(EnumSet.allOf(Part.class));
            } else {
              parts.clear();
            }
          }
          case "cmd", "comments", "question", "answer", "authority", "additional", "stats" -> {
            Part part = Part.valueOf(key.toUpperCase(Locale.ROOT));
            if (on) {
              parts.add(part);
            } else {
              parts.remove(part);
            }
          }
          case "short" -> shortForm = on;
          default -> throw new ClientException("Invalid option: " + arg);
        }
      } else if (arg.startsWith("-")) {
        throw new ClientException("Invalid option: " + arg);
      } else if (type == null && isType(arg)) {
        type = type(arg);
      } else if (name == null) {
        DigNames.check(arg);
        name = arg;
      } else if (type == null) {
        type = type(arg);
      } else if (!arg.equalsIgnoreCase("IN")) {
        throw new ClientException("dig: extra argument " + arg + " (ksim runs one query per dig)");
      }
    }
    Display display = new Display(shortForm ? EnumSet.of(Part.ANSWER) : parts, shortForm);
    return new DigRequest(
        args,
        server,
        name == null ? "." : name,
        type == null ? RecordType.A : type,
        search,
        showSearch,
        tcp,
        Math.max(1, tries),
        recurse,
        display);
  }

  private static boolean isType(String text) {
    return RecordType.tryParse(text).isPresent() && !text.contains(".");
  }

  private static RecordType type(String text) {
    return RecordType.tryParse(text)
        .orElseThrow(() -> new ClientException("dig: invalid type: " + text));
  }

  private static int number(String arg, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new ClientException("Invalid option: " + arg);
    }
  }
}
