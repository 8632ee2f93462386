package dev.ksim.sim;

/**
 * The simulation did not become quiet within its bounds (simulated time or event count): an event
 * storm, for example two controllers fighting over one object. Ends the run with a clear error
 * instead of a hang.
 */
public final class SimulationLimitException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SimulationLimitException(String message) {
    super(message);
  }
}
