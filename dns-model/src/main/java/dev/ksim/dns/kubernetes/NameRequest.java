package dev.ksim.dns.kubernetes;

import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A query name read as the Kubernetes DNS schema reads it, right to left below the zone: {@code
 * [endpoint | _port._protocol].service.namespace.(svc|pod)} (coredns {@code
 * plugin/kubernetes/parse.go}). All parts are lower case; absent parts are empty.
 *
 * @param podOrSvc {@code svc}, {@code pod}, or empty for the apex and a bare {@code svc}/{@code
 *     pod} label, which exist but hold no records
 */
record NameRequest(
    String podOrSvc,
    String namespace,
    String service,
    String endpoint,
    String port,
    String protocol) {
  static final String SVC = "svc";
  static final String POD = "pod";

  /**
   * Parses the labels left of the zone (in query order, leftmost first); null when the name cannot
   * exist under the schema.
   */
  static @Nullable NameRequest parse(List<String> labels) {
    int n = labels.size();
    if (n == 0) {
      return new NameRequest("", "", "", "", "", "");
    }
    String kind = lower(labels.get(n - 1));
    if (!kind.equals(SVC) && !kind.equals(POD)) {
      return null;
    }
    if (n == 1) {
      return new NameRequest("", "", "", "", "", "");
    }
    String namespace = lower(labels.get(n - 2));
    if (n == 2) {
      return new NameRequest(kind, namespace, "", "", "", "");
    }
    String service = lower(labels.get(n - 3));
    return switch (n - 3) {
      case 0 -> new NameRequest(kind, namespace, service, "", "", "");
      case 1 -> new NameRequest(kind, namespace, service, lower(labels.get(0)), "", "");
      case 2 ->
          new NameRequest(
              kind,
              namespace,
              service,
              "",
              stripUnderscore(lower(labels.get(0))),
              stripUnderscore(lower(labels.get(1))));
      default -> null;
    };
  }

  boolean hasPort() {
    return !port.isEmpty() || !protocol.isEmpty();
  }

  /** Whether a port matches the request's port and protocol, either of which may be absent. */
  boolean matches(DnsPort p) {
    return (port.isEmpty() || port.equalsIgnoreCase(p.name()))
        && (protocol.isEmpty() || protocol.equalsIgnoreCase(p.protocol()));
  }

  private static String stripUnderscore(String label) {
    return label.startsWith("_") ? label.substring(1) : label;
  }

  private static String lower(String label) {
    return label.toLowerCase(Locale.ROOT);
  }
}
