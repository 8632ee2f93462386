package dev.ksim.netfilter.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.ksim.netfilter.table.Ruleset;
import java.time.Duration;

/**
 * The promise the restore parser keeps for any text, hostile or not: it returns a ruleset or
 * refuses with {@link RulesParseException} naming a line of the input, within seconds; never
 * another exception, never a hang. The corpus test and the fuzzer check it the same way.
 */
final class RestoreInputs {
  private static final Duration LIMIT = Duration.ofSeconds(10);

  private RestoreInputs() {}

  static void parsesOrRefuses(String text) {
    int lines = text.split("\n", -1).length;
    for (boolean noflush : new boolean[] {false, true}) {
      assertTimeoutPreemptively(
          LIMIT,
          () -> {
            try {
              new IptablesRestoreParser("fuzz.rules", RuleEnvironment.PERMISSIVE, noflush)
                  .parse(text, Ruleset.EMPTY);
            } catch (RulesParseException e) {
              assertThat(e.location().line()).isBetween(1, lines);
            }
          });
    }
  }
}
