package dev.ksim.dns.wire;

/** A master (zone) file ksim cannot read; {@link #line()} counts from 1, 0 when unknown. */
public final class ZoneFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int line;

  public ZoneFileException(int line, String message) {
    super(message);
    this.line = line;
  }

  public int line() {
    return line;
  }
}
