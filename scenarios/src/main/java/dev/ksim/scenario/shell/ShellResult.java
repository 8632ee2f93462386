package dev.ksim.scenario.shell;

import com.google.common.collect.ImmutableList;
import dev.ksim.dns.DnsMessage;
import dev.ksim.trace.Trace;
import dev.ksim.view.CommandResult;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a command run through the {@link Shell} printed, with the facts behind it that a scenario's
 * expectations check: the flows it opened (the traces of their first packets), the last DNS reply
 * it got, and for curl the pod that answered each request.
 *
 * @param flows the flows it opened, in order
 * @param answeredBy per request, {@code namespace/pod} that answered, or "" when none did
 * @param unsupported the command (or an option of it) is one ksim does not simulate; the output
 *     says which (exit status 2)
 */
public record ShellResult(
    CommandResult output,
    List<Flow> flows,
    @Nullable DnsMessage dnsReply,
    List<String> answeredBy,
    boolean unsupported) {
  public ShellResult {
    flows = ImmutableList.copyOf(flows);
    answeredBy = ImmutableList.copyOf(answeredBy);
  }

  /** The traces of the first packets of its flows, in order. */
  public List<Trace> traces() {
    return flows.stream().map(Flow::trace).collect(ImmutableList.toImmutableList());
  }

  /** A result with nothing behind it but its text. */
  public static ShellResult of(CommandResult output) {
    return new ShellResult(output, List.of(), null, List.of(), false);
  }

  /** A command ksim does not simulate, refused with {@code message} and exit status 2. */
  public static ShellResult unsupported(String message) {
    return new ShellResult(
        CommandResult.error(message.endsWith("\n") ? message : message + "\n", 2),
        List.of(),
        null,
        List.of(),
        true);
  }

  /** This result with {@code output} in place of its own. */
  public ShellResult withOutput(CommandResult output) {
    return new ShellResult(output, flows, dnsReply, answeredBy, unsupported);
  }
}
