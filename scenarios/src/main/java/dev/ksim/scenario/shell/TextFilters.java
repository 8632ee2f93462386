package dev.ksim.scenario.shell;

import dev.ksim.view.CommandResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The GNU coreutils filters a pipe in the tutorials goes through: {@code head}, {@code tail},
 * {@code wc}, {@code sort}, {@code uniq} and {@code cut}, each reading what the command before it
 * printed and printing as coreutils 9 does.
 *
 * @see <a href="https://www.gnu.org/software/coreutils/manual/coreutils.html">GNU coreutils</a>
 */
final class TextFilters {
  private TextFilters() {}

  /** {@code head [-n N|-N]}: the first N lines (10), or all but the last -N. */
  static CommandResult head(String input, List<String> args) {
    List<String> lines = input.lines().toList();
    String n = count("head", args, "10");
    if (n == null) {
      return CommandResult.error("head: invalid number of lines: ‘" + args + "’\n", 1);
    }
    int k = Integer.parseInt(n.replace("+", ""));
    int end = n.startsWith("-") ? Math.max(0, lines.size() + k) : Math.min(lines.size(), k);
    return CommandResult.ok(joined(lines.subList(0, end)));
  }

  /** {@code tail [-n N|-N|-n +N]}: the last N lines (10), or from line N on. */
  static CommandResult tail(String input, List<String> args) {
    List<String> lines = input.lines().toList();
    String n = count("tail", args, "10");
    if (n == null) {
      return CommandResult.error("tail: invalid number of lines: ‘" + args + "’\n", 1);
    }
    if (n.startsWith("+")) {
      int from = Math.max(1, Integer.parseInt(n.substring(1)));
      return CommandResult.ok(
          joined(lines.subList(Math.min(lines.size(), from - 1), lines.size())));
    }
    int k = Math.abs(Integer.parseInt(n));
    return CommandResult.ok(joined(lines.subList(Math.max(0, lines.size() - k), lines.size())));
  }

  /** The line count of head or tail ({@code -n N}, {@code -nN}, {@code -N}), null when bad. */
  private static @Nullable String count(String tool, List<String> args, String dflt) {
    String n = dflt;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("-n") || arg.equals("--lines")) {
        if (i + 1 >= args.size()) {
          return null;
        }
        n = args.get(++i);
      } else if (arg.startsWith("--lines=")) {
        n = arg.substring("--lines=".length());
      } else if (arg.startsWith("-n")) {
        n = arg.substring(2);
      } else if (arg.matches("-\\d+")) {
        n = arg.substring(1);
      } else if (arg.startsWith("-")) {
        throw UnsupportedCommandException.option(tool, arg, "-n N, -N");
      } else {
        throw new UnsupportedCommandException(
            "ksim: "
                + tool
                + " reads the output piped into it; it does not read files ("
                + arg
                + ")");
      }
    }
    return n.matches("[+-]?\\d+") ? n : null;
  }

  /** {@code wc [-l] [-w] [-c]}: counts, right-aligned in 7 columns when more than one. */
  static CommandResult wc(String input, List<String> args) {
    boolean lines = false;
    boolean words = false;
    boolean bytes = false;
    for (String arg : args) {
      if (!arg.startsWith("-") || arg.length() < 2) {
        throw UnsupportedCommandException.option("wc", arg, "-l, -w, -c");
      }
      for (char c : arg.substring(1).toCharArray()) {
        switch (c) {
          case 'l' -> lines = true;
          case 'w' -> words = true;
          case 'c' -> bytes = true;
          default -> throw UnsupportedCommandException.option("wc", "-" + c, "-l, -w, -c");
        }
      }
    }
    if (!lines && !words && !bytes) {
      lines = words = bytes = true;
    }
    List<Long> counts = new ArrayList<>();
    if (lines) {
      counts.add(input.chars().filter(ch -> ch == '\n').count());
    }
    if (words) {
      String trimmed = input.strip();
      counts.add(trimmed.isEmpty() ? 0L : (long) trimmed.split("\\s+").length);
    }
    if (bytes) {
      counts.add((long) input.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }
    if (counts.size() == 1) {
      return CommandResult.ok(counts.get(0) + "\n");
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < counts.size(); i++) {
      out.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%7d", counts.get(i)));
    }
    return CommandResult.ok(out.append('\n').toString());
  }

  /** {@code sort [-n] [-r] [-u] [-k N] [-t SEP]}. */
  static CommandResult sort(String input, List<String> args) {
    boolean numeric = false;
    boolean reverse = false;
    boolean unique = false;
    int key = 0;
    @Nullable String separator = null;
    List<String> words = new ArrayList<>();
    for (String arg : args) {
      if ((arg.startsWith("-k") || arg.startsWith("-t")) && arg.length() > 2) {
        words.add(arg.substring(0, 2));
        words.add(arg.substring(2));
      } else {
        words.add(arg);
      }
    }
    for (int i = 0; i < words.size(); i++) {
      String arg = words.get(i);
      switch (arg) {
        case "-n" -> numeric = true;
        case "-r" -> reverse = true;
        case "-u" -> unique = true;
        case "-nr", "-rn" -> numeric = reverse = true;
        case "-k", "-t" -> {
          if (i + 1 >= words.size()) {
            return CommandResult.error(
                "sort: option requires an argument -- '" + arg.charAt(1) + "'\n", 2);
          }
          String value = words.get(++i);
          if (arg.equals("-t")) {
            separator = value;
          } else if (value.matches("\\d+(,\\d+)?")) {
            key = Integer.parseInt(value.split(",")[0]);
          } else {
            throw UnsupportedCommandException.option("sort", "-k " + value, "-k N");
          }
        }
        default -> throw UnsupportedCommandException.option("sort", arg, "-n -r -u -k N -t SEP");
      }
    }
    int field = key;
    @Nullable String sep = separator;
    Comparator<String> order =
        numeric
            ? Comparator.comparingDouble((String l) -> leadingNumber(sortKey(l, field, sep)))
                .thenComparing(Comparator.naturalOrder())
            : Comparator.comparing((String l) -> sortKey(l, field, sep))
                .thenComparing(Comparator.naturalOrder());
    List<String> lines = new ArrayList<>(input.lines().toList());
    lines.sort(reverse ? order.reversed() : order);
    if (unique) {
      lines = lines.stream().distinct().toList();
    }
    return CommandResult.ok(joined(lines));
  }

  private static String sortKey(String line, int field, @Nullable String separator) {
    if (field <= 0) {
      return line;
    }
    List<String> fields =
        separator == null
            ? List.of(line.strip().split("\\s+"))
            : List.of(line.split(Pattern.quote(separator), -1));
    return field <= fields.size() ? fields.get(field - 1) : "";
  }

  private static double leadingNumber(String text) {
    java.util.regex.Matcher m = Pattern.compile("^\\s*-?\\d+(\\.\\d+)?").matcher(text);
    return m.find() ? Double.parseDouble(m.group().strip()) : 0;
  }

  /** {@code uniq [-c] [-d] [-u]}: adjacent repeated lines folded. */
  static CommandResult uniq(String input, List<String> args) {
    boolean count = false;
    boolean repeated = false;
    boolean unique = false;
    for (String arg : args) {
      switch (arg) {
        case "-c" -> count = true;
        case "-d" -> repeated = true;
        case "-u" -> unique = true;
        default -> throw UnsupportedCommandException.option("uniq", arg, "-c -d -u");
      }
    }
    StringBuilder out = new StringBuilder();
    List<String> lines = input.lines().toList();
    for (int i = 0; i < lines.size(); ) {
      int j = i;
      while (j < lines.size() && lines.get(j).equals(lines.get(i))) {
        j++;
      }
      int n = j - i;
      if ((!repeated || n > 1) && (!unique || n == 1)) {
        out.append(count ? String.format(Locale.ROOT, "%7d ", n) : "")
            .append(lines.get(i))
            .append('\n');
      }
      i = j;
    }
    return CommandResult.ok(out.toString());
  }

  /** {@code cut -d SEP -f LIST} or {@code cut -c LIST}. */
  static CommandResult cut(String input, List<String> args) {
    String delimiter = "\t";
    @Nullable String fields = null;
    @Nullable String chars = null;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String flag = arg.length() >= 2 ? arg.substring(0, 2) : arg;
      String value = arg.length() > 2 ? arg.substring(2) : i + 1 < args.size() ? args.get(++i) : "";
      switch (flag) {
        case "-d" -> delimiter = value;
        case "-f" -> fields = value;
        case "-c" -> chars = value;
        default -> throw UnsupportedCommandException.option("cut", arg, "-d SEP, -f LIST, -c LIST");
      }
    }
    if (fields == null && chars == null) {
      return CommandResult.error(
          """
          cut: you must specify a list of bytes, characters, or fields
          Try 'cut --help' for more information.
          """,
          1);
    }
    if (delimiter.length() != 1) {
      return CommandResult.error(
          "cut: the delimiter must be a single character\nTry 'cut --help' for more information.\n",
          1);
    }
    String fieldList = fields == null ? "" : fields;
    StringBuilder out = new StringBuilder();
    for (String line : input.lines().toList()) {
      if (chars != null) {
        StringBuilder picked = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
          if (inList(chars, i + 1)) {
            picked.append(line.charAt(i));
          }
        }
        out.append(picked).append('\n');
      } else if (!line.contains(delimiter)) {
        out.append(line).append('\n');
      } else {
        String[] parts = line.split(Pattern.quote(delimiter), -1);
        List<String> picked = new ArrayList<>();
        for (int i = 0; i < parts.length; i++) {
          if (inList(fieldList, i + 1)) {
            picked.add(parts[i]);
          }
        }
        out.append(String.join(delimiter, picked)).append('\n');
      }
    }
    return CommandResult.ok(out.toString());
  }

  /** Whether position {@code n} is in a cut list such as {@code 1,3-5,7-}. */
  private static boolean inList(String list, int n) {
    for (String range : list.split(",")) {
      if (!range.matches("\\d*-?\\d*") || range.isEmpty() || range.equals("-")) {
        throw new UnsupportedCommandException("ksim: cut: invalid list " + list);
      }
      int dash = range.indexOf('-');
      int from = dash < 0 ? Integer.parseInt(range) : dash == 0 ? 1 : parse(range, 0, dash);
      int to =
          dash < 0
              ? from
              : dash == range.length() - 1
                  ? Integer.MAX_VALUE
                  : parse(range, dash + 1, range.length());
      if (n >= from && n <= to) {
        return true;
      }
    }
    return false;
  }

  private static int parse(String text, int from, int to) {
    return Integer.parseInt(text.substring(from, to));
  }

  static String joined(List<String> lines) {
    StringBuilder out = new StringBuilder();
    lines.forEach(l -> out.append(l).append('\n'));
    return out.toString();
  }
}
