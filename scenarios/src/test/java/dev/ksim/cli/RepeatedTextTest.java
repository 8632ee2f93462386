package dev.ksim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepeatedTextTest {
  /** What {@code pieces} then {@code tail} print as, held as runs and as one buffer. */
  private static void assertPrintsAsConcatenated(List<String> pieces, String tail) {
    RepeatedText held = new RepeatedText();
    StringBuilder plain = new StringBuilder();
    pieces.forEach(
        p -> {
          held.append(p);
          plain.append(p);
        });
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    held.print(new PrintStream(bytes, false, StandardCharsets.UTF_8), tail);

    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(plain.append(tail).toString());
  }

  @Test
  void runsOfEqualPiecesPrintEachPieceAsOftenAsItWasAdded() {
    assertPrintsAsConcatenated(
        List.of("a\n", "a\n", "b\n", "a\n", "a\n", "a\n", "ü\n", "ü\n", ""), "\n3 requests:\n");
  }

  @Test
  void outputLongerThanOnePrintedChunkIsPrintedWhole() {
    String page = "<html>" + "x".repeat(600) + "</html>\n";
    List<String> pieces = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      pieces.add(i % 97 == 0 ? "curl: (7) refused " + i + "\n" : page);
    }
    assertPrintsAsConcatenated(pieces, "tail\n");
  }

  @Test
  void linesPrintAsTheirTextWithALineEndAndRepeatAsPiecesDo() {
    RepeatedText held = new RepeatedText();
    StringBuilder plain = new StringBuilder();
    List<String> lines = List.of("a", "a", "a\n", "", "", "ab", "a", "a\nb", "ü", "ü");
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (i % 3 == 2) {
        // a piece equal to the last line and its end continues that line's run, and the reverse
        held.append(line + "\n");
      } else {
        held.appendLine(line);
      }
      plain.append(line).append('\n');
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    held.print(new PrintStream(bytes, false, StandardCharsets.UTF_8), "");

    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(plain.toString());
  }

  @Test
  void nothingAddedPrintsTheTailAlone() {
    assertPrintsAsConcatenated(List.of(), "");
    assertPrintsAsConcatenated(List.of(), "1000 requests:\n");
  }
}
