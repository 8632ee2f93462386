package dev.ksim.record;

/**
 * An Event's type: Normal for what went as planned, Warning for what did not.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/staging/src/k8s.io/api/core/v1/types.go">core/v1
 *     EventTypeNormal, EventTypeWarning</a>
 */
public enum EventType {
  NORMAL("Normal"),
  WARNING("Warning");

  private final String token;

  EventType(String token) {
    this.token = token;
  }

  /** The type as the API stores it. */
  public String token() {
    return token;
  }
}
