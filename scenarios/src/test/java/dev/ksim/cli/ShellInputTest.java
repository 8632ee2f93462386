package dev.ksim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** ksim shell's input when it is piped: read as it is, the prompt printed before each line. */
class ShellInputTest {
  @Test
  void pipedInputPrintsThePromptAndReadsLinesAsTheyAre() throws IOException {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    ShellInput lines =
        new ShellInput.Plain(
            new BufferedReader(new StringReader("kubectl get pods\n")),
            new PrintStream(printed, true, StandardCharsets.UTF_8));

    assertThat(lines.readLine("$ ")).isEqualTo("kubectl get pods");
    assertThat(lines.readLine("$ ")).isNull();
    assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo("$ $ ");
  }
}
