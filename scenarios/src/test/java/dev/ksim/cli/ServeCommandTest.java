package dev.ksim.cli;

import static dev.ksim.cli.KsimCommandTest.ksim;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.cli.KsimCommandTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ksim serve}'s exports: one trace as an offline page and as an SVG picture. */
@Timeout(300)
class ServeCommandTest {
  @TempDir Path dir;

  @Test
  void oneTraceIsWrittenAsAPageAndAsAnSvgPictureOfTheSameTrace() throws Exception {
    Path html = dir.resolve("trace.html");
    Path svg = dir.resolve("trace.svg");
    Run run =
        ksim(
            "serve",
            "quiz-clusterip",
            "--export",
            html.toString(),
            "--export-svg",
            svg.toString(),
            "--from",
            "pod/default/client",
            "--to",
            "10.96.0.1:443");
    assertThat(run.exit()).as(run.err()).isZero();
    String picture = Files.readString(svg);
    assertThat(picture)
        .startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg ")
        .contains("DELIVERED, endpoint 192.168.80.100:6443")
        .contains("data-nat=\"DNAT dst 10.96.0.1:443 -&gt; 192.168.80.100:6443\"");
    assertThat(Files.readString(html)).contains("\"endpoint\" : \"192.168.80.100:6443\"");
  }

  @Test
  void anSvgExportWithoutItsTraceIsRefused() {
    Run run = ksim("serve", "quiz-clusterip", "--export-svg", dir.resolve("t.svg").toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo("error: command line: --export-svg: --export-svg needs --from and --to\n");
    assertThat(dir.resolve("t.svg")).doesNotExist();
  }
}
