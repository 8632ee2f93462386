package dev.ksim.cli;

import dev.ksim.input.KsimInputException;
import dev.ksim.sim.SimulationLimitException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ksim} command: a simulator of Kubernetes Service networking. Each subcommand reads
 * manifests, settles the simulated cluster and prints what a real tool would.
 */
@Command(
    name = "ksim",
    mixinStandardHelpOptions = true,
    version = "ksim 0.1.0",
    description = "A simulator of Kubernetes Service networking.",
    subcommands = {
      KubectlCommand.class,
      NetfilterCommand.class,
      IptablesSaveCommand.class,
      IptablesCommand.class,
      Ip6tablesSaveCommand.class,
      Ip6tablesCommand.class,
      TraceCommand.class,
      CurlCommand.class,
      ConntrackCommand.class,
      DigCommand.class,
      DnsCommand.class,
      RunCommand.class,
      ScenariosCommand.class,
      ShellCommand.class
    })
public final class KsimCommand implements Runnable {
  /** Exit status for bad input (manifests, flags, files). */
  public static final int BAD_INPUT = 2;

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** Runs ksim with {@code args} and returns its exit status. */
  public static int execute(String[] args) {
    CommandLine commandLine = new CommandLine(new KsimCommand());
    // dig's own options (-t, -x, +short) reach DigCommand as its arguments
    java.util.Objects.requireNonNull(commandLine.getSubcommands().get("dig"))
        .setUnmatchedOptionsArePositionalParams(true);
    commandLine.setExecutionExceptionHandler(
        (exception, cmd, parsed) -> {
          PrintStream err = System.err;
          if (exception instanceof KsimInputException input) {
            err.println("error: " + input.describe());
            return BAD_INPUT;
          }
          if (exception instanceof SimulationLimitException limit) {
            err.println("error: " + limit.getMessage());
            return BAD_INPUT;
          }
          throw exception;
        });
    commandLine.setParameterExceptionHandler(
        (exception, parsedArgs) -> {
          System.err.println("error: " + exception.getMessage());
          exception.getCommandLine().usage(System.err);
          return BAD_INPUT;
        });
    return commandLine.execute(args);
  }

  public static void main(String[] args) {
    System.setOut(
        new PrintStream(
            new java.io.FileOutputStream(java.io.FileDescriptor.out),
            true,
            StandardCharsets.UTF_8));
    System.exit(execute(args));
  }
}
