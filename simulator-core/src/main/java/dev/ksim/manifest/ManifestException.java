package dev.ksim.manifest;

import dev.ksim.input.KsimInputException;
import dev.ksim.input.SourceLocation;

/** A manifest that cannot be read or that the API server refuses. */
public final class ManifestException extends KsimInputException {
  private static final long serialVersionUID = 1L;

  public ManifestException(SourceLocation location, String message) {
    super(location, message);
  }
}
