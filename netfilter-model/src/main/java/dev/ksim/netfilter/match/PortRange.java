package dev.ksim.netfilter.match;

import static com.google.common.base.Preconditions.checkArgument;

/** A port or an inclusive range of ports, as {@code --dport 80} or {@code --dport 80:90}. */
public record PortRange(int first, int last) {
  public PortRange {
    checkArgument(
        first >= 0 && last <= 65535 && first <= last, "bad port range %s:%s", first, last);
  }

  public static PortRange of(int port) {
    return new PortRange(port, port);
  }

  public boolean contains(int port) {
    return port >= first && port <= last;
  }

  /** {@code 80} or {@code 80:90}. */
  public String save() {
    return first == last ? Integer.toString(first) : first + ":" + last;
  }

  /** As {@code -L} prints it, with names unless numeric. */
  public String list(boolean numeric) {
    return first == last
        ? PortNames.name(first, numeric)
        : PortNames.name(first, numeric) + ":" + PortNames.name(last, numeric);
  }
}
