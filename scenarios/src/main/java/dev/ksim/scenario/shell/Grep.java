package dev.ksim.scenario.shell;

import dev.ksim.view.CommandResult;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * GNU grep reading a pipe: {@code -e PATTERN}, {@code -E} (extended), {@code -F} (fixed strings),
 * basic regular expressions otherwise, {@code -i}, {@code -v}, {@code -w}, {@code -c}, {@code -o},
 * {@code -n}, {@code -q} and context ({@code -A}, {@code -B}, {@code -C}, groups separated by
 * {@code --}). Exit status 0 when a line was selected, 1 when none, 2 on a usage error.
 *
 * @see <a href="https://www.gnu.org/software/grep/manual/grep.html">GNU grep manual</a>
 */
public final class Grep {
  private static final String USAGE =
      "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n";
  private static final String KNOWN = "-e -E -F -i -v -w -c -o -n -q -A -B -C";

  /** The options of one grep command line. */
  private static final class Options {
    final List<String> patterns = new ArrayList<>();
    boolean extended;
    boolean fixed;
    boolean ignoreCase;
    boolean invert;
    boolean word;
    boolean count;
    boolean onlyMatching;
    boolean lineNumbers;
    boolean quiet;
    int after;
    int before;
  }

  private Grep() {}

  /** Filters {@code input} with grep's arguments {@code args} (the words after {@code grep}). */
  public static CommandResult filter(String input, List<String> args) {
    Options o = new Options();
    List<String> operands = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--")) {
        operands.addAll(args.subList(i + 1, args.size()));
        break;
      }
      if (arg.startsWith("--")) {
        return CommandResult.error("grep: unrecognized option '" + arg + "'\n" + USAGE, 2);
      }
      if (!arg.startsWith("-") || arg.equals("-")) {
        operands.add(arg);
        continue;
      }
      for (int k = 1; k < arg.length(); k++) {
        char flag = arg.charAt(k);
        switch (flag) {
          case 'E' -> o.extended = true;
          case 'F' -> o.fixed = true;
          case 'G' -> o.extended = false;
          case 'i' -> o.ignoreCase = true;
          case 'v' -> o.invert = true;
          case 'w' -> o.word = true;
          case 'c' -> o.count = true;
          case 'o' -> o.onlyMatching = true;
          case 'n' -> o.lineNumbers = true;
          case 'q' -> o.quiet = true;
          case 'e', 'A', 'B', 'C' -> {
            String value;
            if (k + 1 < arg.length()) {
              value = arg.substring(k + 1);
            } else if (i + 1 < args.size()) {
              value = args.get(++i);
            } else {
              return CommandResult.error(
                  "grep: option requires an argument -- '" + flag + "'\n" + USAGE, 2);
            }
            k = arg.length();
            if (flag == 'e') {
              o.patterns.add(value);
            } else if (!value.matches("\\d+")) {
              return CommandResult.error(
                  "grep: " + value + ": invalid context length argument\n", 2);
            } else {
              int n = Integer.parseInt(value);
              if (flag != 'B') {
                o.after = n;
              }
              if (flag != 'A') {
                o.before = n;
              }
            }
          }
          default -> throw UnsupportedCommandException.option("grep", "-" + flag, KNOWN);
        }
      }
    }
    if (o.patterns.isEmpty()) {
      if (operands.isEmpty()) {
        return CommandResult.error(USAGE, 2);
      }
      o.patterns.add(operands.remove(0));
    }
    if (!operands.isEmpty()) {
      throw new UnsupportedCommandException(
          "ksim: grep reads the output piped into it; it does not read files (" + operands + ")");
    }
    Pattern regex;
    try {
      regex = compile(o);
    } catch (PatternSyntaxException e) {
      return CommandResult.error("grep: " + e.getDescription() + "\n", 2);
    }
    return select(input.lines().toList(), regex, o);
  }

  private static Pattern compile(Options o) {
    List<String> parts = new ArrayList<>();
    for (String pattern : o.patterns) {
      String regex = o.fixed ? Pattern.quote(pattern) : o.extended ? pattern : fromBasic(pattern);
      parts.add(o.word ? "(?<![\\w])(?:" + regex + ")(?![\\w])" : "(?:" + regex + ")");
    }
    return Pattern.compile(
        String.join("|", parts),
        o.ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
  }

  /**
   * A POSIX basic regular expression as a Java one: {@code + ? | ( ) { }} are literal unless
   * escaped (GNU's extensions), the rest is shared.
   */
  static String fromBasic(String basic) {
    StringBuilder out = new StringBuilder();
    boolean inBracket = false;
    for (int i = 0; i < basic.length(); i++) {
      char c = basic.charAt(i);
      if (inBracket) {
        if (c == ']' && basic.charAt(i - 1) != '[') {
          inBracket = false;
        }
        out.append(c == '\\' ? "\\\\" : String.valueOf(c));
      } else if (c == '[') {
        inBracket = true;
        out.append(c);
      } else if (c == '\\' && i + 1 < basic.length()) {
        char next = basic.charAt(++i);
        out.append("+?|(){}".indexOf(next) >= 0 ? String.valueOf(next) : "\\" + next);
      } else if ("+?|(){}".indexOf(c) >= 0) {
        out.append('\\').append(c);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static CommandResult select(List<String> lines, Pattern regex, Options o) {
    boolean[] selected = new boolean[lines.size()];
    int count = 0;
    for (int i = 0; i < lines.size(); i++) {
      selected[i] = regex.matcher(lines.get(i)).find() != o.invert;
      count += selected[i] ? 1 : 0;
    }
    int exit = count > 0 ? 0 : 1;
    if (o.quiet) {
      return new CommandResult("", "", exit);
    }
    if (o.count) {
      return new CommandResult(count + "\n", "", exit);
    }
    StringBuilder out = new StringBuilder();
    int printedUpTo = -1;
    int afterLeft = 0;
    for (int i = 0; i < lines.size(); i++) {
      if (selected[i]) {
        int from = Math.max(printedUpTo + 1, i - o.before);
        if (printedUpTo >= 0 && from > printedUpTo + 1 && (o.before > 0 || o.after > 0)) {
          out.append("--\n");
        }
        for (int j = from; j < i; j++) {
          line(out, o, j, lines.get(j), '-');
        }
        if (o.onlyMatching && !o.invert) {
          Matcher m = regex.matcher(lines.get(i));
          while (m.find()) {
            if (!m.group().isEmpty()) {
              line(out, o, i, m.group(), ':');
            }
          }
        } else if (!o.onlyMatching) {
          line(out, o, i, lines.get(i), ':');
        }
        printedUpTo = i;
        afterLeft = o.after;
      } else if (afterLeft > 0) {
        line(out, o, i, lines.get(i), '-');
        printedUpTo = i;
        afterLeft--;
      }
    }
    return new CommandResult(out.toString(), "", exit);
  }

  private static void line(StringBuilder out, Options o, int index, String text, char separator) {
    if (o.onlyMatching && separator == '-') {
      return;
    }
    if (o.lineNumbers) {
      out.append(index + 1).append(separator);
    }
    out.append(text).append('\n');
  }
}
