package dev.ksim.dns.corefile;

import com.google.common.collect.ImmutableList;
import dev.ksim.dns.DnsName;
import java.util.List;

/**
 * The cache plugin's settings (coredns {@code plugin/cache/setup.go}): the largest TTL it hands out
 * for answers and denials, the smallest (5 s by default), and the zones whose answers or denials it
 * does not store ({@code disable success|denial ZONES}).
 */
public record CacheOptions(
    List<DnsName> zones,
    long successMaxTtl,
    long denialMaxTtl,
    long minTtl,
    List<DnsName> disableSuccess,
    List<DnsName> disableDenial) {
  public static final long DEFAULT_MAX_TTL = 3600;
  public static final long DEFAULT_DENIAL_TTL = 1800;
  public static final long DEFAULT_MIN_TTL = 5;

  public CacheOptions {
    zones = ImmutableList.copyOf(zones);
    disableSuccess = ImmutableList.copyOf(disableSuccess);
    disableDenial = ImmutableList.copyOf(disableDenial);
  }

  static CacheOptions parse(Directive directive, List<DnsName> serverZones) {
    long success = DEFAULT_MAX_TTL;
    long denial = DEFAULT_DENIAL_TTL;
    List<DnsName> zones = serverZones;
    List<String> args = directive.args();
    if (!args.isEmpty()) {
      try {
        success = Long.parseLong(args.get(0));
        denial = success;
        args = args.subList(1, args.size());
      } catch (NumberFormatException e) {
        // No TTL given: the arguments are zones.
      }
    }
    if (!args.isEmpty()) {
      zones = args.stream().flatMap(a -> Zones.normalize(a, directive.line()).stream()).toList();
    }
    List<DnsName> disableSuccess = new java.util.ArrayList<>();
    List<DnsName> disableDenial = new java.util.ArrayList<>();
    for (Directive option : directive.block()) {
      switch (option.name()) {
        case "success" -> success = Long.parseLong(option.args().get(0));
        case "denial" -> denial = Long.parseLong(option.args().get(0));
        case "disable" -> {
          if (option.args().isEmpty()) {
            throw new CorefileException(option.line(), "disable needs success or denial");
          }
          List<DnsName> which =
              option.args().get(0).equals("success")
                  ? disableSuccess
                  : option.args().get(0).equals("denial") ? disableDenial : null;
          if (which == null) {
            throw new CorefileException(
                option.line(), "cache type for disable must be \"success\" or \"denial\"");
          }
          List<String> disabled = option.args().subList(1, option.args().size());
          if (disabled.isEmpty()) {
            which.addAll(zones);
          }
          disabled.forEach(z -> which.addAll(Zones.normalize(z, option.line())));
        }
        case "prefetch", "serve_stale", "servfail", "keepttl" -> {
          // Tuning of a long-running cache; answers within one simulated query do not depend on it.
        }
        default ->
            throw new CorefileException(
                option.line(), "cache: unknown property '" + option.name() + "'");
      }
    }
    return new CacheOptions(zones, success, denial, DEFAULT_MIN_TTL, disableSuccess, disableDenial);
  }
}
