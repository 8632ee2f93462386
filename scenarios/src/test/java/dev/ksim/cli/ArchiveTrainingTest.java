package dev.ksim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ArchiveTrainingTest {
  @Test
  void splitsTheWordsIntoCommandLinesAtLoneSemicolons() {
    String[] args = {
      "kubectl", "-f", "a;b.yaml", "--", "get", "svc", ";", "--help", ";", ";", "curl", "-f", "m"
    };

    assertThat(ArchiveTraining.commands(args))
        .containsExactly(
            List.of("kubectl", "-f", "a;b.yaml", "--", "get", "svc"),
            List.of("--help"),
            List.of("curl", "-f", "m"));
  }

  @Test
  void noWordsAreNoCommandLines() {
    assertThat(ArchiveTraining.commands(new String[0])).isEmpty();
    assertThat(ArchiveTraining.commands(new String[] {";"})).isEmpty();
  }
}
