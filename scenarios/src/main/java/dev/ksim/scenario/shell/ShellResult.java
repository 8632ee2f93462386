package dev.ksim.scenario.shell;

import com.google.common.collect.ImmutableList;
import dev.ksim.dns.DnsMessage;
import dev.ksim.trace.Trace;
import dev.ksim.view.CommandResult;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a command run through the {@link Shell} printed, with the facts behind it that a scenario's
 * expectations check: the traces of the packets it sent, the last DNS reply it got, and for curl
 * the pod that answered each request.
 *
 * @param answeredBy per request, {@code namespace/pod} that answered, or "" when none did
 */
public record ShellResult(
    CommandResult output,
    List<Trace> traces,
    @Nullable DnsMessage dnsReply,
    List<String> answeredBy) {
  public ShellResult {
    traces = ImmutableList.copyOf(traces);
    answeredBy = ImmutableList.copyOf(answeredBy);
  }

  /** A result with nothing behind it but its text. */
  public static ShellResult of(CommandResult output) {
    return new ShellResult(output, List.of(), null, List.of());
  }
}
