package dev.ksim.image;

/**
 * One HTTP header field.
 *
 * @param name as written, e.g. {@code Content-Type}
 * @param value its value
 */
public record Header(String name, String value) {
  @Override
  public String toString() {
    return name + ": " + value;
  }
}
