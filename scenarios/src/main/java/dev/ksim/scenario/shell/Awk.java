package dev.ksim.scenario.shell;

import dev.ksim.view.CommandResult;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * awk as the tutorials use it, to print fields: {@code awk [-F SEP] '[NR>N|/REGEX/] {print $1,
 * $3}'}. Fields are split on runs of blanks (or on SEP), {@code ,} joins with a space, {@code $0}
 * is the line and {@code $NF} the last field. Any other program is refused, naming it.
 *
 * @see <a href="https://pubs.opengroup.org/onlinepubs/9799919799/utilities/awk.html">POSIX awk</a>
 */
final class Awk {
  private static final Pattern PROGRAM =
      Pattern.compile(
          "\\s*(NR\\s*(>|>=|==|<|<=|!=)\\s*(\\d+)|/([^/]*)/)?\\s*\\{\\s*print(.*?)\\s*;?\\s*}\\s*");
  private static final Pattern ITEM = Pattern.compile("\\$(NF|\\d+)|\"([^\"]*)\"");

  private Awk() {}

  static CommandResult filter(String input, List<String> args) {
    String separator = null;
    String program = null;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("-F") && i + 1 < args.size()) {
        separator = args.get(++i);
      } else if (arg.startsWith("-F") && arg.length() > 2) {
        separator = arg.substring(2);
      } else if (arg.startsWith("-")) {
        throw UnsupportedCommandException.option("awk", arg, "-F SEP");
      } else if (program == null) {
        program = arg;
      } else {
        throw new UnsupportedCommandException(
            "ksim: awk reads the output piped into it; it does not read files (" + arg + ")");
      }
    }
    if (program == null) {
      return CommandResult.error("Usage: awk [Options] [Program] [file ...]\n", 2);
    }
    Matcher m = PROGRAM.matcher(program);
    if (!m.matches()) {
      throw new UnsupportedCommandException(
          "ksim: awk program '"
              + program
              + "' is not simulated (ksim's awk prints fields: '{print $1, $3}', with an optional"
              + " NR>N or /REGEX/ pattern)");
    }
    List<List<String>> items = items(m.group(5));
    StringBuilder out = new StringBuilder();
    List<String> lines = input.lines().toList();
    for (int n = 1; n <= lines.size(); n++) {
      String line = lines.get(n - 1);
      if (!selected(m, n, line)) {
        continue;
      }
      List<String> fields = fields(line, separator);
      List<String> printed = new ArrayList<>();
      for (List<String> item : items) {
        StringBuilder value = new StringBuilder();
        for (String part : item) {
          value.append(value(part, line, fields));
        }
        printed.add(value.toString());
      }
      out.append(String.join(" ", printed)).append('\n');
    }
    return CommandResult.ok(out.toString());
  }

  /** The print list: comma-separated items, each a concatenation of {@code $N} and strings. */
  private static List<List<String>> items(String list) {
    List<List<String>> items = new ArrayList<>();
    if (list.isBlank()) {
      items.add(List.of("$0"));
      return items;
    }
    for (String item : list.split(",")) {
      Matcher m = ITEM.matcher(item.strip());
      List<String> parts = new ArrayList<>();
      int end = 0;
      while (m.find()) {
        if (!item.strip().substring(end, m.start()).isBlank()) {
          throw new UnsupportedCommandException(
              "ksim: awk expression '" + item.strip() + "' is not simulated ($N and \"text\")");
        }
        parts.add(m.group());
        end = m.end();
      }
      if (parts.isEmpty() || !item.strip().substring(end).isBlank()) {
        throw new UnsupportedCommandException(
            "ksim: awk expression '" + item.strip() + "' is not simulated ($N and \"text\")");
      }
      items.add(parts);
    }
    return items;
  }

  private static boolean selected(Matcher program, int lineNumber, String line) {
    if (program.group(4) != null) {
      return Pattern.compile(program.group(4)).matcher(line).find();
    }
    if (program.group(2) == null) {
      return true;
    }
    int n = Integer.parseInt(program.group(3));
    return switch (program.group(2)) {
      case ">" -> lineNumber > n;
      case ">=" -> lineNumber >= n;
      case "==" -> lineNumber == n;
      case "<" -> lineNumber < n;
      case "<=" -> lineNumber <= n;
      default -> lineNumber != n;
    };
  }

  private static List<String> fields(String line, @Nullable String separator) {
    if (separator == null || separator.equals(" ")) {
      String stripped = line.strip();
      return stripped.isEmpty() ? List.of() : List.of(stripped.split("[ \\t]+"));
    }
    return List.of(line.split(separator.length() == 1 ? Pattern.quote(separator) : separator, -1));
  }

  private static String value(String part, String line, List<String> fields) {
    if (part.startsWith("\"")) {
      return part.substring(1, part.length() - 1);
    }
    String index = part.substring(1);
    int n = index.equals("NF") ? fields.size() : Integer.parseInt(index);
    if (n == 0) {
      return line;
    }
    return n <= fields.size() ? fields.get(n - 1) : "";
  }
}
