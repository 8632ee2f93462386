package dev.ksim.ipvs.text;

/** A restore ({@code ipvsadm -R}, or an {@code ipvsadm -S} file) that stopped at a line. */
public final class IpvsadmRestoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int line;
  private final IpvsadmException failure;

  public IpvsadmRestoreException(int line, IpvsadmException failure) {
    super(failure.getMessage(), failure);
    this.line = line;
    this.failure = failure;
  }

  /** The 1-based line that failed. */
  public int line() {
    return line;
  }

  /** The argument at fault ("" when the line as a whole is). */
  public String argument() {
    return failure.argument();
  }

  public int exitStatus() {
    return failure.exitStatus();
  }
}
