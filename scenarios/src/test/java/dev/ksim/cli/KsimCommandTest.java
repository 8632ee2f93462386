package dev.ksim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Timeout(60)
public class KsimCommandTest {
  @TempDir Path dir;

  /** What a ksim command printed and how it exited. */
  public record Run(int exit, String out, String err) {}

  /** Runs ksim in-process with {@code args}, capturing what it prints. */
  public static synchronized Run ksim(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
      int exit = KsimCommand.execute(args);
      return new Run(
          exit, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  /**
   * Prints {@code line} on the test run's own standard output, never into a capture of {@link
   * #ksim}: both hold this class's lock, so a test running beside the captures (the kernel
   * differential's concurrent clusters) reports through here.
   */
  public static synchronized void report(String line) {
    System.out.println(line);
  }

  @Test
  void aSubcommandBuiltAloneHasTheHelpItHasInTheWholeTree() {
    CommandLine whole = KsimCommand.commandLine(new String[0]);

    assertThat(whole.getSubcommands().keySet())
        .containsExactly(
            "kubectl",
            "netfilter",
            "iptables-save",
            "iptables",
            "ipvsadm",
            "ipset",
            "nft",
            "ip6tables-save",
            "ip6tables",
            "trace",
            "curl",
            "conntrack",
            "dig",
            "dns",
            "run",
            "scenarios",
            "shell",
            "serve",
            "bench");
    whole
        .getSubcommands()
        .forEach(
            (name, command) -> {
              CommandLine alone = KsimCommand.commandLine(new String[] {name, "--help"});
              assertThat(alone.getSubcommands().keySet()).containsExactly(name);
              CommandLine sub = Objects.requireNonNull(alone.getSubcommands().get(name), name);
              assertThat(sub.getUsageMessage()).as(name).isEqualTo(command.getUsageMessage());
              assertThat(sub.isUnmatchedOptionsArePositionalParams())
                  .as(name)
                  .isEqualTo(command.isUnmatchedOptionsArePositionalParams());
            });
  }

  @Test
  void aWordBeforeTheSubcommandGetsTheWholeTree() {
    assertThat(KsimCommand.commandLine(new String[] {"--debug", "kubectl"}).getSubcommands())
        .hasSize(19);
  }

  @Test
  void printsItsVersion() {
    Run run = ksim("--version");

    assertThat(run.exit()).isZero();
    assertThat(run.out()).isEqualTo("ksim 0.1.0\n");
  }

  @Test
  void anInvalidManifestExitsWithTwoAndNamesFileLineAndField() throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(
        bad,
        """
        apiVersion: v1
        kind: Service
        metadata:
          name: web
        spec:
          type: NodePort
          ports:
          - port: 80
            nodePort: 80
        """);

    Run run = ksim("kubectl", "-f", bad.toString(), "--", "get", "svc");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo(
            "error: "
                + bad
                + ":9: spec.ports[0].nodePort: The Service \"web\" is invalid:"
                + " spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range."
                + " The range of valid ports is 30000-32767\n");
  }

  @Test
  void aMissingFileIsBadInput() {
    Run run = ksim("kubectl", "-f", dir.resolve("nope.yaml").toString(), "--", "get", "pods");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("does not exist");
  }

  @Test
  void anUnknownOptionIsBadInput() {
    assertThat(ksim("kubectl", "--frobnicate").exit()).isEqualTo(2);
  }

  @Test
  void readsADirectoryOfManifests() throws Exception {
    Files.writeString(
        dir.resolve("a.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
    Files.writeString(
        dir.resolve("b.yml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\ndata: {x: y}\n");
    Files.writeString(dir.resolve("notes.txt"), "not a manifest");

    Run run = ksim("kubectl", "-f", dir.toString(), "--", "get", "cm", "a", "b");

    assertThat(run.exit()).isZero();
    assertThat(run.out()).isEqualTo("NAME   DATA   AGE\na      0      3s\nb      1      3s\n");
  }

  @Test
  void sameSeedSameOutputByteForByte() throws Exception {
    Path app = Path.of("../examples/nginx.yaml");

    Run first =
        ksim(
            "kubectl", "-f", app.toString(), "--seed", "5", "--", "get", "all", "-A", "-o", "wide");
    Run second =
        ksim(
            "kubectl", "-f", app.toString(), "--seed", "5", "--", "get", "all", "-A", "-o", "wide");
    Run other =
        ksim(
            "kubectl", "-f", app.toString(), "--seed", "6", "--", "get", "all", "-A", "-o", "wide");

    assertThat(second.out()).isEqualTo(first.out());
    assertThat(other.out()).isNotEqualTo(first.out());
  }
}
