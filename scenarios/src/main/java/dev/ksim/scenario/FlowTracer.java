package dev.ksim.scenario;

import com.google.common.collect.ImmutableList;
import dev.ksim.client.Client;
import dev.ksim.cluster.Cluster;
import dev.ksim.input.KsimInputException;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpPort;
import dev.ksim.net.Protocol;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.resolver.HostLookup;
import dev.ksim.trace.Trace;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One packet followed from a source ({@code pod/NS/NAME}, {@code node/NAME} or an address) to
 * {@code HOST:PORT}, a host name being looked up from the source first as {@code ksim trace} does:
 * what a scenario's trace step, a quiz question and the classroom page ask for.
 */
public final class FlowTracer {
  /**
   * What became of the flow.
   *
   * @param trace the packet's trace, or null when the name did not resolve
   * @param lookup the name lookup that gave the destination, or null for an address
   * @param queries the traces of the lookup's DNS queries
   */
  public record Result(@Nullable Trace trace, @Nullable HostLookup lookup, List<Trace> queries) {
    public Result {
      queries = ImmutableList.copyOf(queries);
    }
  }

  private FlowTracer() {}

  /**
   * Traces {@code protocol} from {@code from} to {@code to} ({@code ADDRESS:PORT}, {@code
   * [ADDRESS]:PORT} or {@code NAME:PORT}), entering at {@code node} when the source is outside,
   * recording {@code recording} of each rule walk.
   *
   * @throws KsimInputException when {@code to}, {@code protocol} or {@code from} is not usable
   */
  public static Result trace(
      Cluster cluster,
      Recording recording,
      String from,
      String to,
      String protocol,
      @Nullable String node) {
    int colon = to.lastIndexOf(':');
    if (colon < 0 || !to.substring(colon + 1).matches("\\d{1,5}")) {
      throw KsimInputException.commandLine("to", "expected HOST:PORT, got " + to);
    }
    int port = Integer.parseInt(to.substring(colon + 1));
    if (port < 1 || port > 65535) {
      throw KsimInputException.commandLine("to", "port must be between 1 and 65535, got " + to);
    }
    Protocol proto =
        Protocol.tryParse(protocol)
            .filter(Protocol::hasPorts)
            .orElseThrow(
                () ->
                    KsimInputException.commandLine(
                        "protocol", "protocol must be tcp, udp or sctp, got " + protocol));
    String host = to.substring(0, colon).replaceAll("^\\[|\\]$", "");
    Client client = new Client(cluster, recording, from, node);
    Optional<IpAddress> address = IpAddress.tryParse(host);
    HostLookup lookup = null;
    List<Trace> queries = List.of();
    if (address.isEmpty()) {
      Client.Lookup resolved = client.resolve(host);
      lookup = resolved.lookup();
      queries = resolved.queries();
      address = lookup.address();
      if (address.isEmpty()) {
        return new Result(null, lookup, queries);
      }
    }
    Trace trace = client.trace(new IpPort(address.get(), port), proto, "from");
    return new Result(trace, lookup, queries);
  }
}
