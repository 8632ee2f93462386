package dev.ksim.dns.client;

/**
 * A client command line the tool itself would refuse; the message is the tool's complaint and
 * {@link #exitStatus()} the status the tool exits with.
 */
public final class ClientException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** dig's status for a fatal error such as a name it cannot parse (BIND 9.18 dighost.c). */
  public static final int DIG_FATAL = 10;

  private final int exitStatus;

  public ClientException(String message) {
    this(message, 1);
  }

  public ClientException(String message, int exitStatus) {
    super(message);
    this.exitStatus = exitStatus;
  }

  public int exitStatus() {
    return exitStatus;
  }
}
