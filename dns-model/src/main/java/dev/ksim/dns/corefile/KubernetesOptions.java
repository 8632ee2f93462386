package dev.ksim.dns.corefile;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.ksim.dns.DnsName;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The kubernetes plugin's configuration, with upstream's defaults (coredns {@code
 * plugin/kubernetes/setup.go}): ttl 5, pods disabled, every namespace, no fallthrough.
 *
 * @param zones the zones it is authoritative for, reverse zones included
 * @param namespaces the exposed namespaces; empty means all
 * @param fallthrough empty when off; otherwise the zones whose NXDOMAIN goes to the next plugin (an
 *     empty list there means every zone)
 */
public record KubernetesOptions(
    List<DnsName> zones,
    long ttl,
    PodsMode pods,
    Set<String> namespaces,
    boolean endpointPodNames,
    boolean ignoreEmptyService,
    boolean noEndpoints,
    Optional<List<DnsName>> fallthrough) {
  public static final long DEFAULT_TTL = 5;

  public KubernetesOptions {
    zones = ImmutableList.copyOf(zones);
    namespaces = ImmutableSet.copyOf(namespaces);
    fallthrough = fallthrough.map(ImmutableList::copyOf);
  }

  /** The first forward zone: the one PTR answers and endpoint names are written in. */
  public DnsName primaryZone() {
    return zones.stream().filter(z -> !Zones.isReverse(z)).findFirst().orElse(zones.get(0));
  }

  /** Whether an NXDOMAIN for {@code name} goes on to the next plugin. */
  public boolean fallsThrough(DnsName name) {
    return fallthrough
        .map(list -> list.isEmpty() || list.stream().anyMatch(name::isSubdomainOf))
        .orElse(false);
  }

  static KubernetesOptions parse(Directive directive, List<DnsName> serverZones) {
    List<DnsName> zones =
        directive.args().isEmpty()
            ? serverZones
            : directive.args().stream()
                .flatMap(a -> Zones.normalize(a, directive.line()).stream())
                .toList();
    long ttl = DEFAULT_TTL;
    PodsMode pods = PodsMode.DISABLED;
    Set<String> namespaces = Set.of();
    boolean endpointPodNames = false;
    boolean ignoreEmpty = false;
    boolean noEndpoints = false;
    Optional<List<DnsName>> fallthrough = Optional.empty();
    for (Directive option : directive.block()) {
      switch (option.name()) {
        case "ttl" -> ttl = ttl(option);
        case "pods" -> pods = pods(option);
        case "namespaces" -> namespaces = ImmutableSet.copyOf(option.args());
        case "endpoint_pod_names" -> endpointPodNames = true;
        case "ignore" -> {
          if (!option.onlyArg().equals("empty_service")) {
            throw new CorefileException(
                option.line(), "unable to parse ignore value: '" + option.args() + "'");
          }
          ignoreEmpty = true;
        }
        case "noendpoints" -> noEndpoints = true;
        case "fallthrough" ->
            fallthrough =
                Optional.of(
                    option.args().stream()
                        .flatMap(a -> Zones.normalize(a, option.line()).stream())
                        .toList());
        case "kubeconfig",
            "endpoint",
            "tls",
            "labels",
            "namespace_labels",
            "startup_timeout",
            "apiserver_qps",
            "apiserver_burst",
            "apiserver_max_inflight" -> {
          // Connection and selection settings of a real API client: ksim's store is always reached.
        }
        default ->
            throw new CorefileException(
                option.line(), "kubernetes: unknown property '" + option.name() + "'");
      }
    }
    return new KubernetesOptions(
        zones, ttl, pods, namespaces, endpointPodNames, ignoreEmpty, noEndpoints, fallthrough);
  }

  private static long ttl(Directive option) {
    try {
      long ttl = Long.parseLong(option.onlyArg());
      if (ttl < 0 || ttl > 3600) {
        throw new CorefileException(option.line(), "ttl must be in range [0, 3600]: " + ttl);
      }
      return ttl;
    } catch (NumberFormatException e) {
      throw new CorefileException(option.line(), "ttl: invalid number " + option.onlyArg());
    }
  }

  private static PodsMode pods(Directive option) {
    return switch (option.onlyArg()) {
      case "disabled" -> PodsMode.DISABLED;
      case "insecure" -> PodsMode.INSECURE;
      case "verified" -> PodsMode.VERIFIED;
      default ->
          throw new CorefileException(
              option.line(), "kubernetes: invalid pods mode '" + option.onlyArg() + "'");
    };
  }
}
