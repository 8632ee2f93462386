package dev.ksim.netfilter.text;

/** A rule iptables would refuse; the restore parser adds the line. */
final class RuleSyntaxException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  RuleSyntaxException(String message) {
    super(message);
  }
}
