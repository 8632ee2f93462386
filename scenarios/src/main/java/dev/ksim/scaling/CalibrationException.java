package dev.ksim.scaling;

/** The machine could not be calibrated (not root, a tool missing, a kernel feature missing). */
public final class CalibrationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CalibrationException(String message) {
    super(message);
  }
}
