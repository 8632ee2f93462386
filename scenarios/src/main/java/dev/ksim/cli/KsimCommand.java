package dev.ksim.cli;

import com.google.common.collect.ImmutableMap;
import dev.ksim.input.KsimInputException;
import dev.ksim.sim.SimulationLimitException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.RunLast;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code ksim} command: a simulator of Kubernetes Service networking. Each subcommand reads
 * manifests, settles the simulated cluster and prints what a real tool would. Exit status 2 is bad
 * input (and a simulation that hit its bounds), 70 an internal error (sysexits.h EX_SOFTWARE).
 */
@Command(
    name = "ksim",
    mixinStandardHelpOptions = true,
    version = "ksim 0.1.0",
    description = "A simulator of Kubernetes Service networking.")
public final class KsimCommand implements Runnable {
  /**
   * The subcommands by name, in the order {@code ksim --help} lists them. Building a subcommand's
   * picocli model reflects over its options, so a run builds only the one it was asked for (see
   * {@link #commandLine}).
   */
  private static final ImmutableMap<String, Class<?>> SUBCOMMANDS =
      ImmutableMap.<String, Class<?>>builder()
          .put("kubectl", KubectlCommand.class)
          .put("netfilter", NetfilterCommand.class)
          .put("iptables-save", IptablesSaveCommand.class)
          .put("iptables", IptablesCommand.class)
          .put("ipvsadm", IpvsadmCommand.class)
          .put("ipset", IpsetCommand.class)
          .put("nft", NftCommand.class)
          .put("ip6tables-save", Ip6tablesSaveCommand.class)
          .put("ip6tables", Ip6tablesCommand.class)
          .put("trace", TraceCommand.class)
          .put("curl", CurlCommand.class)
          .put("conntrack", ConntrackCommand.class)
          .put("dig", DigCommand.class)
          .put("dns", DnsCommand.class)
          .put("run", RunCommand.class)
          .put("scenarios", ScenariosCommand.class)
          .put("shell", ShellCommand.class)
          .put("serve", ServeCommand.class)
          .put("bench", BenchCommand.class)
          .buildOrThrow();

  /** Exit status for bad input (manifests, flags, files). */
  public static final int BAD_INPUT = 2;

  /** Exit status for an internal error, a bug in ksim: sysexits.h's EX_SOFTWARE. */
  public static final int INTERNAL_ERROR = 70;

  /** Prints an internal error's stack trace (any subcommand takes it). */
  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "On an internal error, print its stack trace.")
  boolean debug;

  @Override
  public void run() {
    commandLine(SUBCOMMANDS.keySet()).usage(System.out);
  }

  /**
   * ksim's command line with the subcommands {@code args} can reach: when the first word names a
   * subcommand, only that one (picocli parses every later word within it, and its help and errors
   * name only it); otherwise, as for {@code ksim --help} or a mistyped command, all of them.
   */
  static CommandLine commandLine(String[] args) {
    if (args.length > 0 && SUBCOMMANDS.containsKey(args[0])) {
      return commandLine(List.of(args[0]));
    }
    return commandLine(SUBCOMMANDS.keySet());
  }

  private static CommandLine commandLine(Collection<String> names) {
    CommandLine commandLine = new CommandLine(new KsimCommand());
    for (String name : names) {
      commandLine.addSubcommand(name, Objects.requireNonNull(SUBCOMMANDS.get(name)));
    }
    // dig's own options (-t, -x, +short) reach DigCommand as its arguments
    CommandLine dig = commandLine.getSubcommands().get("dig");
    if (dig != null) {
      dig.setUnmatchedOptionsArePositionalParams(true);
    }
    return commandLine;
  }

  /** Runs ksim with {@code args} and returns its exit status. */
  public static int execute(String[] args) {
    boolean debug = Arrays.asList(args).contains("--debug");
    CommandLine commandLine = commandLine(args);
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
          return internalError(exception, debug);
        });
    commandLine.setParameterExceptionHandler(KsimCommand::usageError);
    commandLine.setExecutionStrategy(KsimCommand::refuseUnmatchedThenRun);
    try {
      return commandLine.execute(args);
    } catch (StackOverflowError | OutOfMemoryError | RuntimeException e) {
      return internalError(e, debug);
    }
  }

  /**
   * Runs the last subcommand, but first refuses unmatched words even when {@code --help} was given
   * (picocli lets help hide them, so {@code ksim trac --help} would print help and exit 0).
   */
  private static int refuseUnmatchedThenRun(ParseResult parsed) {
    for (ParseResult level = parsed; level != null; level = level.subcommand()) {
      if (!level.unmatched().isEmpty()) {
        throw new UnmatchedArgumentException(level.commandSpec().commandLine(), level.unmatched());
      }
    }
    return new RunLast().execute(parsed);
  }

  /**
   * A usage error as one short line, last: what is wrong, picocli's suggestions when the word is
   * close to a command or option, and where the help is.
   */
  private static int usageError(ParameterException exception, String[] args) {
    CommandLine command = exception.getCommandLine();
    StringBuilder line = new StringBuilder("error: ").append(exception.getMessage());
    if (exception instanceof UnmatchedArgumentException unmatched
        && !unmatched.getSuggestions().isEmpty()) {
      line.append(" (did you mean ")
          .append(String.join(" or ", unmatched.getSuggestions()))
          .append("?)");
    }
    line.append("; see '").append(command.getCommandSpec().qualifiedName()).append(" --help'");
    System.err.println(line);
    return BAD_INPUT;
  }

  /** A bug: one line naming it and asking for a report; the stack trace only with --debug. */
  static int internalError(Throwable error, boolean debug) {
    if (debug) {
      error.printStackTrace(System.err);
    }
    System.err.println(
        "ksim: internal error: "
            + error.getClass().getName()
            + (error.getMessage() == null ? "" : ": " + firstLine(error.getMessage()))
            + " (a bug in ksim: please report it with the command that caused it"
            + (debug ? ")" : "; --debug prints the stack trace)"));
    return INTERNAL_ERROR;
  }

  private static String firstLine(String message) {
    String first = message.lines().findFirst().orElse("");
    return first.length() > 200 ? first.substring(0, 200) + "..." : first;
  }

  public static void main(String[] args) {
    StartupWarmUp.begin();
    System.setOut(
        new PrintStream(
            new java.io.FileOutputStream(java.io.FileDescriptor.out),
            true,
            StandardCharsets.UTF_8));
    System.exit(execute(args));
  }
}
