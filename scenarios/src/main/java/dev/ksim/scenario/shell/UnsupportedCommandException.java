package dev.ksim.scenario.shell;

/**
 * A command, or an option of one, that ksim does not simulate: the shell answers it with exit
 * status 2 and this message (naming the command or option, with a hint where one helps), and a
 * scenario stops there with its file and line.
 */
public final class UnsupportedCommandException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UnsupportedCommandException(String message) {
    super(message);
  }

  /** The option {@code option} of {@code tool} is not simulated. */
  static UnsupportedCommandException option(String tool, String option, String known) {
    return new UnsupportedCommandException(
        "ksim: "
            + tool
            + ": option "
            + option
            + " is not simulated (ksim's "
            + tool
            + " takes "
            + known
            + ")");
  }
}
