package dev.ksim.dns.corefile;

import com.google.common.collect.ImmutableList;
import dev.ksim.dns.DnsName;
import java.util.ArrayList;
import java.util.List;

/**
 * The cache plugin's settings (coredns v1.12.1 {@code plugin/cache/setup.go}): the largest TTL it
 * hands out for answers and denials, the smallest (5 s by default for each), and the zones whose
 * answers or denials it does not store ({@code disable success|denial ZONES}). {@code success} and
 * {@code denial} take a capacity first, then a TTL and a minimum TTL; the capacity bounds a store
 * ksim never fills, so it is checked and not kept.
 */
public record CacheOptions(
    List<DnsName> zones,
    long successMaxTtl,
    long denialMaxTtl,
    long successMinTtl,
    long denialMinTtl,
    List<DnsName> disableSuccess,
    List<DnsName> disableDenial) {
  public static final long DEFAULT_MAX_TTL = 3600;
  public static final long DEFAULT_DENIAL_TTL = 1800;
  public static final long DEFAULT_MIN_TTL = 5;

  private static final String PLUGIN = "cache";

  public CacheOptions {
    zones = ImmutableList.copyOf(zones);
    disableSuccess = ImmutableList.copyOf(disableSuccess);
    disableDenial = ImmutableList.copyOf(disableDenial);
  }

  /** The TTLs of one kind of reply: the largest and the smallest handed out. */
  private record Ttls(long max, long min) {}

  static CacheOptions parse(Directive directive, List<DnsName> serverZones) {
    long success = DEFAULT_MAX_TTL;
    long denial = DEFAULT_DENIAL_TTL;
    List<DnsName> zones = serverZones;
    List<String> args = directive.args();
    // the first argument is the TTL when it reads as a number, else the first zone
    if (!args.isEmpty() && args.get(0).matches("[+-]?[0-9]{1,18}")) {
      long ttl = Long.parseLong(args.get(0));
      positive(ttl, directive.line());
      success = ttl;
      denial = ttl;
      args = args.subList(1, args.size());
    }
    if (!args.isEmpty()) {
      zones = args.stream().flatMap(a -> Zones.normalize(a, directive.line()).stream()).toList();
    }
    Ttls successTtls = new Ttls(success, DEFAULT_MIN_TTL);
    Ttls denialTtls = new Ttls(denial, DEFAULT_MIN_TTL);
    List<DnsName> disableSuccess = new ArrayList<>();
    List<DnsName> disableDenial = new ArrayList<>();
    for (Directive option : directive.block()) {
      switch (option.name()) {
        case "success" -> successTtls = kind(option, successTtls);
        case "denial" -> denialTtls = kind(option, denialTtls);
        case "disable" -> disable(option, disableSuccess, disableDenial);
        case "prefetch", "serve_stale", "servfail", "keepttl" -> {
          // Tuning of a long-running cache; answers within one simulated query do not depend on it.
        }
        default -> throw new CorefileException(option.line(), Plugins.argumentError(PLUGIN));
      }
    }
    return new CacheOptions(
        zones,
        successTtls.max(),
        denialTtls.max(),
        successTtls.min(),
        denialTtls.min(),
        disableSuccess,
        disableDenial);
  }

  /** {@code success|denial CAPACITY [TTL [MINTTL]]}. */
  private static Ttls kind(Directive option, Ttls defaults) {
    List<String> args = option.args();
    if (args.isEmpty()) {
      throw new CorefileException(option.line(), Plugins.argumentError(PLUGIN));
    }
    Plugins.atoi(PLUGIN, args.get(0), option.line());
    long max = defaults.max();
    long min = defaults.min();
    if (args.size() > 1) {
      max = Plugins.atoi(PLUGIN, args.get(1), option.line());
      positive(max, option.line());
    }
    if (args.size() > 2) {
      min = Plugins.atoi(PLUGIN, args.get(2), option.line());
      if (min < 0) {
        throw new CorefileException(
            option.line(), Plugins.error(PLUGIN, "cache min TTL can not be negative: " + min));
      }
    }
    return new Ttls(max, min);
  }

  private static void positive(long ttl, int line) {
    if (ttl <= 0) {
      throw new CorefileException(
          line, Plugins.error(PLUGIN, "cache TTL can not be zero or negative: " + ttl));
    }
  }

  /** {@code disable success|denial [ZONES...]}: no zones means the root, every name. */
  private static void disable(
      Directive option, List<DnsName> disableSuccess, List<DnsName> disableDenial) {
    if (option.args().isEmpty()) {
      throw new CorefileException(option.line(), Plugins.argumentError(PLUGIN));
    }
    String which = option.args().get(0);
    List<DnsName> into;
    if (which.equals("success")) {
      into = disableSuccess;
    } else if (which.equals("denial")) {
      into = disableDenial;
    } else {
      throw new CorefileException(
          option.line(),
          Plugins.error(PLUGIN, "cache type for disable must be \"success\" or \"denial\""));
    }
    List<String> zones = option.args().subList(1, option.args().size());
    if (zones.isEmpty()) {
      into.add(DnsName.ROOT);
    }
    zones.forEach(z -> into.add(Zones.name(z, option.line()).lower()));
  }
}
