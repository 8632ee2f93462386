package dev.ksim.netfilter.text;

import dev.ksim.input.KsimInputException;
import dev.ksim.input.SourceLocation;

/** A ruleset iptables-restore would refuse, with the line and iptables' wording. */
public final class RulesParseException extends KsimInputException {
  private static final long serialVersionUID = 1L;

  public RulesParseException(SourceLocation location, String message) {
    super(location, message);
  }
}
