package dev.ksim.ipvs.text;

/**
 * An ipvsadm command that fails, with ipvsadm's message and the exit status it exits with (2 for a
 * command line it cannot accept, 1 for a request the kernel refuses).
 */
public final class IpvsadmException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitStatus;
  private final String argument;

  /**
   * @param exitStatus ipvsadm's exit status
   * @param argument the argument at fault ("" when the command as a whole is)
   * @param message ipvsadm's words
   */
  public IpvsadmException(int exitStatus, String argument, String message) {
    super(message);
    this.exitStatus = exitStatus;
    this.argument = argument;
  }

  /** A command line ipvsadm refuses ({@code fail(2, ...)}). */
  static IpvsadmException usage(String argument, String message) {
    return new IpvsadmException(2, argument, message);
  }

  public int exitStatus() {
    return exitStatus;
  }

  /** The argument at fault, "" when none in particular. */
  public String argument() {
    return argument;
  }
}
