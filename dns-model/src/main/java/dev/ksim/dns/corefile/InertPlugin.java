package dev.ksim.dns.corefile;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.util.Optional;
import java.util.Set;

/**
 * A plugin that only logs, exports metrics, answers health checks or picks listen addresses: ksim
 * accepts it with no effect on answers, but checks its arguments and block as its own {@code
 * setup.go} does at start-up (coredns v1.12.1 {@code plugin/errors}, {@code health}, {@code ready},
 * {@code metrics}, {@code loop}, {@code reload}, {@code log}, {@code debug}, {@code bind}, {@code
 * whoami}), so a typo in one is refused as CoreDNS refuses it.
 *
 * @param maxArgs the most arguments it takes, -1 for any number
 * @param properties the options its block may hold
 * @param once whether it may appear once per server block only ({@code plugin.ErrOnce})
 */
record InertPlugin(String name, int maxArgs, Set<String> properties, boolean once) {
  private static final ImmutableMap<String, InertPlugin> PLUGINS =
      ImmutableMap.<String, InertPlugin>builder()
          .put("errors", new InertPlugin("errors", 1, Set.of("stacktrace", "consolidate"), true))
          .put("health", new InertPlugin("health", 1, Set.of("lameduck"), false))
          .put("ready", new InertPlugin("ready", 1, Set.of(), true))
          .put("prometheus", new InertPlugin("prometheus", 1, Set.of(), true))
          .put("loop", new InertPlugin("loop", 0, Set.of(), true))
          .put("reload", new InertPlugin("reload", 2, Set.of(), false))
          .put("log", new InertPlugin("log", -1, Set.of("class"), false))
          .put("debug", new InertPlugin("debug", 0, Set.of(), false))
          .put("bind", new InertPlugin("bind", -1, Set.of("except"), false))
          .put("whoami", new InertPlugin("whoami", 0, Set.of(), false))
          .buildOrThrow();

  InertPlugin {
    properties = ImmutableSet.copyOf(properties);
  }

  static Optional<InertPlugin> named(String name) {
    return Optional.ofNullable(PLUGINS.get(name));
  }

  /** Refuses {@code directive} where the plugin's setup would. */
  void check(Directive directive) {
    if (maxArgs >= 0 && directive.args().size() > maxArgs) {
      throw new CorefileException(directive.line(), Plugins.argumentError(name));
    }
    for (Directive option : directive.block()) {
      if (!properties.contains(option.name())) {
        throw new CorefileException(option.line(), Plugins.unknownProperty(name, option.name()));
      }
    }
  }
}
