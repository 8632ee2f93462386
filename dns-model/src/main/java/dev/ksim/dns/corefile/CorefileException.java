package dev.ksim.dns.corefile;

/** A Corefile CoreDNS would refuse to start with; {@link #line()} counts from 1 in the Corefile. */
public final class CorefileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int line;

  public CorefileException(int line, String message) {
    super(message);
    this.line = line;
  }

  public int line() {
    return line;
  }
}
