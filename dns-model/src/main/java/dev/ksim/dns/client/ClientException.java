package dev.ksim.dns.client;

/** A client command line the tool itself would refuse; the message is the tool's complaint. */
public final class ClientException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ClientException(String message) {
    super(message);
  }
}
