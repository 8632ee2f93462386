package dev.ksim.dns.wire;

/** Bytes that are not a DNS message ksim can read; {@link #id()} is the header's id, or -1. */
public final class WireFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int id;

  public WireFormatException(int id, String message) {
    super(message);
    this.id = id;
  }

  public int id() {
    return id;
  }
}
