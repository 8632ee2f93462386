package dev.ksim.cli;

import static dev.ksim.cli.KsimCommandTest.ksim;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.cli.KsimCommandTest.Run;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mistyped and hostile command lines: each is a short error line last on stderr, naming the flag or
 * file, with exit 2; an internal error is one line and exit 70.
 */
@Timeout(120)
class HostileCommandLineTest {
  @TempDir Path dir;

  private static String lastLine(String text) {
    String[] lines = text.split("\n", -1);
    return lines.length > 1 && lines[lines.length - 1].isEmpty()
        ? lines[lines.length - 2]
        : lines[lines.length - 1];
  }

  @Test
  void aMistypedSubcommandIsOneLineWithASuggestion() {
    Run run = ksim("trac", "--from", "a", "--to", "b:1");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err()).contains("did you mean trace").contains("see 'ksim --help'");
  }

  @Test
  void aMistypedSubcommandWithHelpIsStillAnError() {
    Run run = ksim("trac", "--help");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("did you mean trace");
  }

  @Test
  void aMistypedOptionIsOneLineWithASuggestion() {
    Run run = ksim("trace", "--frm", "10.0.0.1", "--to", "10.96.0.1:80");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().lines()).hasSize(1);
    assertThat(lastLine(run.err()))
        .startsWith("error: Unknown options: '--frm'")
        .contains("did you mean --from?");
  }

  @Test
  void aMistypedTutorialNameGetsASuggestion() {
    Run run = ksim("run", "clusterp");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(lastLine(run.err())).contains("(did you mean clusterip?)");
  }

  /** Port 0 cannot be connected to: a usage error, as curl and nc refuse it. */
  @Test
  void portZeroIsAUsageErrorNamingTheFlag() {
    Run run =
        ksim("netfilter", "--rules", "/dev/null", "--from", "203.0.113.9", "--to", "10.96.0.10:0");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "error: command line: --to: port must be between 1 and 65535 (port 0 cannot be"
                + " connected to), got 10.96.0.10:0\n");
  }

  /** procps sysctl: "cannot stat /proc/sys/...: No such file or directory". */
  @Test
  void anUnknownSysctlIsRefusedAsSysctlRefusesIt() {
    Run run =
        ksim(
            "netfilter",
            "--rules",
            "/dev/null",
            "--from",
            "203.0.113.9",
            "--to",
            "10.96.0.10:80",
            "--sysctl",
            "net.ipv4.conf.all.route_locnet=1");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "error: command line: --sysctl: sysctl: cannot stat"
                + " /proc/sys/net/ipv4/conf/all/route_locnet: No such file or directory\n");
  }

  /** iptables-restore reads an empty ruleset from /dev/null; a directory is named as such. */
  @Test
  void rulesFromDevNullAreEmptyAndADirectoryIsNamedAsOne() {
    Run empty =
        ksim("netfilter", "--rules", "/dev/null", "--from", "203.0.113.9", "--to", "10.0.0.1:80");
    Run directory =
        ksim(
            "netfilter", "--rules", dir.toString(), "--from", "203.0.113.9", "--to", "10.0.0.1:80");

    assertThat(empty.exit()).as(empty.err()).isZero();
    assertThat(directory.exit()).isEqualTo(2);
    assertThat(directory.err()).isEqualTo("error: " + dir + ": is a directory, not a file\n");
  }

  @Test
  void aRulesFileThatIsNotUtf8NamesItsLine() throws Exception {
    Path rules = dir.resolve("latin1.rules");
    Files.write(
        rules,
        "*filter\n-A INPUT -m comment --comment caf\u00e9\nCOMMIT\n"
            .getBytes(StandardCharsets.ISO_8859_1));

    Run run =
        ksim("netfilter", "--rules", rules.toString(), "--from", "1.2.3.4", "--to", "5.6.7.8:80");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).startsWith("error: " + rules + ":2: not UTF-8 text: octet 0xE9");
  }

  @Test
  void dnsServePortAndDurationErrorsNameTheFlagAndRange() {
    assertThat(ksim("dns", "serve", "--port", "70000").err())
        .isEqualTo(
            "error: command line: --port: must be between 0 (any free port) and 65535, got"
                + " 70000\n");
    assertThat(ksim("dns", "serve", "--duration", "0").err())
        .isEqualTo("error: command line: --duration: must be at least 1 (seconds), got 0\n");
  }

  @Test
  void anUnknownFieldIsRefusedAndValidateWarnOnlyWarns() throws Exception {
    Path manifest =
        Files.writeString(
            dir.resolve("cm.yaml"),
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndta: {}\n");

    Run strict = ksim("kubectl", "-f", manifest.toString(), "--", "get", "cm", "a");
    Run warn =
        ksim("kubectl", "--validate=warn", "-f", manifest.toString(), "--", "get", "cm", "a");

    assertThat(strict.exit()).isEqualTo(2);
    assertThat(strict.err())
        .isEqualTo(
            "error: "
                + manifest
                + ":4: dta: ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict"
                + " decoding error: unknown field \"dta\" (--validate=warn applies it anyway)\n");
    assertThat(warn.exit()).as(warn.err()).isZero();
    assertThat(warn.err()).isEqualTo(manifest + ":4: Warning: unknown field \"dta\"\n");
  }

  /** sysexits.h EX_SOFTWARE; the stack trace only with --debug. */
  @Test
  void anInternalErrorIsOneLineAndExitSeventy() {
    PrintStream saved = System.err;
    ByteArrayOutputStream quiet = new ByteArrayOutputStream();
    ByteArrayOutputStream debug = new ByteArrayOutputStream();
    int exit;
    try {
      System.setErr(new PrintStream(quiet, true, StandardCharsets.UTF_8));
      exit = KsimCommand.internalError(new IllegalStateException("boom"), false);
      System.setErr(new PrintStream(debug, true, StandardCharsets.UTF_8));
      KsimCommand.internalError(new IllegalStateException("boom"), true);
    } finally {
      System.setErr(saved);
    }

    assertThat(exit).isEqualTo(70);
    assertThat(quiet.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "ksim: internal error: java.lang.IllegalStateException: boom (a bug in ksim: please"
                + " report it with the command that caused it; --debug prints the stack trace)\n");
    assertThat(debug.toString(StandardCharsets.UTF_8)).contains("\tat ");
  }
}
