package dev.ksim.cli;

import dev.ksim.cluster.Cluster;
import dev.ksim.input.KsimInputException;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.scenario.shell.Shell;
import dev.ksim.view.CommandResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ksim shell -f M [--on node/N | --in pod/NS/NAME]}: the scenario shell, one command line at
 * a time from standard input, against the live simulated cluster. Simulated time moves only through
 * commands (a kubectl change lets the cluster settle, {@code sleep N} lets N seconds pass), never
 * with the wall clock, so the same input replays byte for byte. It ends on {@code exit}, at the end
 * of its input, or when {@code --duration} of simulated time has passed. At a terminal it reads
 * lines with a prompt, line editing and history ({@link ShellInput}); {@code kubectl edit} opens
 * the object in the user's editor ({@link ExternalEditor}).
 */
@Command(
    name = "shell",
    mixinStandardHelpOptions = true,
    description = "Type commands (kubectl, curl, iptables, ...) against the simulated cluster.")
public final class ShellCommand implements Callable<Integer> {
  @SuppressWarnings("NullAway.Init") // injected by picocli
  @Mixin
  ClusterInput input;

  @Option(names = "--on", paramLabel = "node/NAME", description = "Run commands on this node.")
  @Nullable String on;

  @Option(names = "--in", paramLabel = "pod/NS/NAME", description = "Run commands in this pod.")
  @Nullable String in;

  @Option(
      names = "--duration",
      paramLabel = "SECONDS",
      description = "End after this much simulated time.")
  @Nullable Long duration;

  @Override
  public Integer call() throws IOException {
    if (on != null && in != null) {
      throw KsimInputException.commandLine("--on/--in", "give one of --on and --in");
    }
    String where = in != null ? in : on != null ? on : "";
    if (!where.isEmpty() && !where.startsWith("pod/") && !where.startsWith("node/")) {
      throw KsimInputException.commandLine(
          in != null ? "--in" : "--on", "expected pod/NAMESPACE/NAME or node/NAME, got " + where);
    }
    Cluster cluster = input.start(System.err);
    Shell shell = new Shell(cluster, cluster.datapath(Recording.MATCHED), Path.of(""));
    shell.useEditor(ExternalEditor.of(System.getenv()));
    @Nullable Instant end = duration == null ? null : cluster.clock().now().plusSeconds(duration);
    PrintStream out = System.out;
    String prompt = where.isEmpty() ? "$ " : where + " $ ";
    int exit = 0;
    try (ShellInput lines = ShellInput.open(out)) {
      exit = session(cluster, shell, where, lines, prompt, end, out);
    }
    out.println();
    return exit;
  }

  /** Runs the lines of {@code lines} until {@code exit}, their end or {@code end}. */
  private static int session(
      Cluster cluster,
      Shell shell,
      String where,
      ShellInput lines,
      String prompt,
      @Nullable Instant end,
      PrintStream out)
      throws IOException {
    int exit = 0;
    while (end == null || cluster.clock().now().isBefore(end)) {
      String line = lines.readLine(prompt);
      if (line == null || line.strip().equals("exit")) {
        break;
      }
      String command = line.strip();
      if (command.isEmpty()) {
        continue;
      }
      if (command.matches("sleep \\d+")) {
        cluster.advance(Duration.ofSeconds(Long.parseLong(command.substring(6))));
        continue;
      }
      CommandResult result = shell.runLine(where, command).output();
      out.print(result.stdout());
      out.flush();
      System.err.print(result.stderr());
      System.err.flush();
      exit = result.exitCode();
    }
    return exit;
  }
}
