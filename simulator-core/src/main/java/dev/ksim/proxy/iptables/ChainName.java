package dev.ksim.proxy.iptables;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The name of a chain kube-proxy writes (at most 28 characters, as iptables allows).
 *
 * @param value the name as iptables prints it
 */
public record ChainName(String value) implements Comparable<ChainName> {
  private static final int MAX_LENGTH = 28;

  public ChainName {
    checkArgument(
        !value.isEmpty() && value.length() <= MAX_LENGTH && value.indexOf(' ') < 0,
        "chain name must be 1 to %s characters without spaces: %s",
        MAX_LENGTH,
        value);
  }

  public static ChainName of(String value) {
    return new ChainName(value);
  }

  @Override
  public int compareTo(ChainName other) {
    return value.compareTo(other.value);
  }

  /** The name itself, as iptables prints it. */
  @Override
  public String toString() {
    return value;
  }
}
