package dev.ksim.manifest;

/**
 * What is read is outside the common shapes a shortcut handles ({@link CommonYaml}'s text, {@link
 * CommonKinds}' trees), so the general path reads it: control flow, so without a stack trace.
 */
final class Uncommon extends RuntimeException {
  private static final long serialVersionUID = 1L;

  Uncommon() {
    super(null, null, false, false);
  }
}
