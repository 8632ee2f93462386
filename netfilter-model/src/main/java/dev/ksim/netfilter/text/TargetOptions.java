package dev.ksim.netfilter.text;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The options of the rule's target: which options each target takes (and whether they take a
 * value), the ones given, and the check that nothing is left unused.
 */
final class TargetOptions {
  /** Per target: option name to whether it takes a value. */
  private static final Map<String, Map<String, Boolean>> KNOWN =
      Map.of(
          "REJECT", Map.of("--reject-with", true),
          "DNAT", Map.of("--to-destination", true, "--random", false, "--persistent", false),
          "SNAT",
              Map.of(
                  "--to-source", true,
                  "--random", false,
                  "--random-fully", false,
                  "--persistent", false),
          "MASQUERADE", Map.of("--to-ports", true, "--random", false, "--random-fully", false),
          "REDIRECT", Map.of("--to-ports", true, "--random", false),
          "MARK",
              Map.of(
                  "--set-xmark", true,
                  "--set-mark", true,
                  "--or-mark", true,
                  "--and-mark", true,
                  "--xor-mark", true),
          "LOG", Map.of("--log-prefix", true, "--log-level", true),
          "CT", Map.of("--notrack", false));

  private final String target;
  private final Map<String, String> given = new LinkedHashMap<>();

  TargetOptions(String target) {
    this.target = target;
  }

  /**
   * Whether the target {@code name} takes options (else it is {@link RuleParser#withoutOptions}).
   */
  static boolean takesOptions(String name) {
    return KNOWN.containsKey(name);
  }

  /** Whether {@code option} belongs to this target. */
  boolean accepts(String option) {
    return KNOWN.getOrDefault(target, Map.of()).containsKey(option);
  }

  /** Whether {@code option} takes a value. */
  boolean takesValue(String option) {
    return Boolean.TRUE.equals(KNOWN.getOrDefault(target, Map.of()).get(option));
  }

  void put(String option, String value) {
    if (given.containsKey(option)) {
      throw new RuleSyntaxException(target + ": option \"" + option + "\" can only be used once");
    }
    given.put(option, value);
  }

  boolean isEmpty() {
    return given.isEmpty();
  }

  <T> T none(T value) {
    done();
    return value;
  }

  /** Takes {@code --name value}; null when absent. */
  @Nullable String value(String name) {
    return given.remove(name);
  }

  /** Takes {@code --name}; whether it was there. */
  boolean flag(String name) {
    return given.remove(name) != null;
  }

  /** Fails on anything not taken. */
  void done() {
    if (!given.isEmpty()) {
      throw new RuleSyntaxException("unknown option \"" + given.keySet().iterator().next() + "\"");
    }
  }
}
