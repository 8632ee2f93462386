package dev.ksim.scenario.shell;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableListMultimap;
import com.google.common.collect.ListMultimap;
import com.google.common.collect.MultimapBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A kubectl command line split as cobra splits it: positional words, and flags by their long name
 * (a short flag is stored under its long name), each flag known to take a value or not. An unknown
 * flag is refused with kubectl's wording.
 *
 * @param positionals the words that are not flags, the verb first
 * @param values every flag given, by long name, in order ("true" for a flag without a value)
 */
record KubectlFlags(List<String> positionals, ImmutableListMultimap<String, String> values) {
  /** Flags every command takes, and the short names of all flags. */
  private static final Map<String, String> SHORT =
      com.google.common.collect.ImmutableMap.<String, String>builder()
          .put("-n", "namespace")
          .put("-A", "all-namespaces")
          .put("-l", "selector")
          .put("-o", "output")
          .put("-f", "filename")
          .put("-p", "patch")
          .put("-w", "watch")
          .put("-R", "recursive")
          .put("-i", "stdin")
          .put("-t", "tty")
          .put("-c", "container")
          .build();

  /** Flags that take a value (the rest are booleans, true unless {@code --flag=false}). */
  private static final Set<String> WITH_VALUE =
      com.google.common.collect.ImmutableSet.of(
          "namespace",
          "selector",
          "output",
          "filename",
          "patch",
          "type",
          "image",
          "replicas",
          "port",
          "target-port",
          "tcp",
          "from-literal",
          "name",
          "protocol",
          "labels",
          "env",
          "restart",
          "node-port",
          "external-name",
          "grace-period",
          "to-revision",
          "timeout",
          "dry-run",
          "cascade",
          "current-replicas",
          "container",
          "revision",
          "field-manager",
          "clusterip",
          "overrides",
          "command");

  KubectlFlags {
    positionals = ImmutableList.copyOf(positionals);
  }

  /**
   * Splits {@code args}; {@code allowed} are the long names this verb takes (besides namespace).
   *
   * @throws KubectlException with kubectl's {@code error: unknown flag} message
   */
  static KubectlFlags parse(List<String> args, Set<String> allowed, String usage) {
    List<String> positionals = new ArrayList<>();
    ListMultimap<String, String> values =
        MultimapBuilder.linkedHashKeys().arrayListValues().build();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--")) {
        positionals.addAll(args.subList(i, args.size()));
        break;
      }
      if (!arg.startsWith("-") || arg.equals("-")) {
        positionals.add(arg);
        continue;
      }
      String name;
      @Nullable String value = null;
      if (arg.startsWith("--")) {
        int eq = arg.indexOf('=');
        name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
        value = eq < 0 ? null : arg.substring(eq + 1);
      } else {
        String letter = arg.substring(0, 2);
        name = SHORT.get(letter);
        if (name == null) {
          throw new UnsupportedCommandException(
              "error: unknown shorthand flag: '"
                  + arg.charAt(1)
                  + "' in "
                  + arg
                  + "\n"
                  + usage
                  + "ksim: (a kubectl flag ksim does not simulate, or not a kubectl flag)");
        }
        if (arg.length() > 2) {
          value = arg.charAt(2) == '=' ? arg.substring(3) : arg.substring(2);
        }
      }
      if (!allowed.contains(name) && !name.equals("namespace") && !name.equals("record")) {
        throw new UnsupportedCommandException(
            "error: unknown flag: "
                + arg
                + "\n"
                + usage
                + "ksim: (a kubectl flag ksim does not simulate, or not a kubectl flag)");
      }
      if (WITH_VALUE.contains(name) && value == null && !name.equals("dry-run")) {
        if (i + 1 >= args.size()) {
          throw new KubectlException("error: flag needs an argument: " + arg + "\n" + usage, 1);
        }
        value = args.get(++i);
      }
      values.put(name, value == null ? (name.equals("dry-run") ? "unchanged" : "true") : value);
    }
    return new KubectlFlags(positionals, ImmutableListMultimap.copyOf(values));
  }

  /** The last value of {@code name}, if given. */
  Optional<String> value(String name) {
    List<String> all = values.get(name);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  @Nullable String valueOrNull(String name) {
    return value(name).orElse(null);
  }

  /** Whether boolean flag {@code name} is on. */
  boolean has(String name) {
    return value(name).map(v -> !v.equals("false")).orElse(false);
  }

  String namespace() {
    return value("namespace").orElse("default");
  }

  /** {@code --dry-run} or {@code --dry-run=client}: print, change nothing. */
  boolean dryRun() {
    return value("dry-run").map(v -> !v.equals("none")).orElse(false);
  }

  String output() {
    return value("output").orElse("");
  }
}
