package dev.ksim.scenario;

import dev.ksim.view.CommandResult;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code | grep [-v] [-i] [-E] [-c] [-e] PATTERN} after a command, as the tutorials filter iptables
 * and kubectl output: the lines that contain the pattern (taken literally; with -E as a regular
 * expression). Exit status 1 when no line is left, as grep's.
 */
final class Grep {
  private Grep() {}

  static CommandResult filter(CommandResult input, List<String> argv) {
    boolean invert = false;
    boolean ignoreCase = false;
    boolean extended = false;
    boolean count = false;
    String pattern = null;
    for (String arg : argv.subList(1, argv.size())) {
      switch (arg) {
        case "-v" -> invert = true;
        case "-i" -> ignoreCase = true;
        case "-E" -> extended = true;
        case "-c" -> count = true;
        case "-e" -> {
          // the pattern follows
        }
        default -> pattern = arg;
      }
    }
    if (pattern == null) {
      return CommandResult.error("Usage: grep [OPTION]... PATTERNS [FILE]...\n", 2);
    }
    Pattern regex =
        Pattern.compile(
            extended ? pattern : Pattern.quote(pattern), ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
    boolean keepMatching = !invert;
    String kept =
        input
            .stdout()
            .lines()
            .filter(l -> regex.matcher(l).find() == keepMatching)
            .map(l -> l + "\n")
            .collect(Collectors.joining());
    int exit = kept.isEmpty() ? 1 : 0;
    if (count) {
      return new CommandResult(kept.lines().count() + "\n", input.stderr(), exit);
    }
    return new CommandResult(kept, input.stderr(), exit);
  }
}
