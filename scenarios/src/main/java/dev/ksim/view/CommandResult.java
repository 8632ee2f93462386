package dev.ksim.view;

/**
 * What a simulated command printed and how it exited.
 *
 * @param stdout standard output
 * @param stderr standard error
 * @param exitCode the exit status
 */
public record CommandResult(String stdout, String stderr, int exitCode) {
  public static CommandResult ok(String stdout) {
    return new CommandResult(stdout, "", 0);
  }

  public static CommandResult error(String stderr, int exitCode) {
    return new CommandResult("", stderr, exitCode);
  }
}
