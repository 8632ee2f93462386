package dev.ksim.input;

/**
 * Bad user input: the message says what is wrong and {@link #location()} where. The command line
 * prints {@code location: message} and exits with status 2.
 */
public class KsimInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final SourceLocation location;

  public KsimInputException(SourceLocation location, String message) {
    super(message);
    this.location = location;
  }

  public KsimInputException(SourceLocation location, String message, Throwable cause) {
    super(message, cause);
    this.location = location;
  }

  /** Bad input on the command line, in {@code field} (an option or argument). */
  public static KsimInputException commandLine(String field, String message) {
    return new KsimInputException(new SourceLocation("command line", 0, field), message);
  }

  public SourceLocation location() {
    return location;
  }

  /** The line the command line prints: {@code file:line: field: message}. */
  public String describe() {
    return location + ": " + getMessage();
  }
}
