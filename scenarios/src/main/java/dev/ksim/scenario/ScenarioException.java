package dev.ksim.scenario;

import dev.ksim.input.KsimInputException;
import dev.ksim.input.SourceLocation;

/** A scenario ksim cannot run as written: the message says why and where. */
public final class ScenarioException extends KsimInputException {
  private static final long serialVersionUID = 1L;

  public ScenarioException(SourceLocation location, String message) {
    super(location, message);
  }
}
