package dev.ksim.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ksim.dns.DnsMessage;
import dev.ksim.dns.DnsName;
import dev.ksim.dns.client.Exchange;
import dev.ksim.input.KsimInputException;
import dev.ksim.input.SourceLocation;
import dev.ksim.input.Utf8Text;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpPort;
import dev.ksim.net.Protocol;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.resolver.HostLookup;
import dev.ksim.trace.Trace;
import dev.ksim.view.DnsJson;
import dev.ksim.view.TraceJson;
import dev.ksim.view.TraceRenderer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The packets {@code trace} and {@code netfilter} follow: one from {@code --from}/{@code --to}, or
 * a {@code --batch} file, a JSON list of {@code {name, protocol, source, destination, port,
 * node?}}.
 */
final class Flows {
  @Option(
      names = "--from",
      paramLabel = "SRC",
      description = "Source: an address (trace also takes pod/[NAMESPACE/]NAME or node/NAME).")
  @Nullable String from;

  @Option(
      names = "--to",
      paramLabel = "DST:PORT",
      description = "Destination address and port ([ADDRESS]:PORT for IPv6).")
  @Nullable String to;

  @Option(
      names = "--protocol",
      defaultValue = "tcp",
      description = "tcp, udp or sctp (default: ${DEFAULT-VALUE}).")
  String protocol = "tcp";

  @Option(
      names = "--batch",
      paramLabel = "FILE",
      description = "JSON list of flows {name, protocol, source, destination, port, node?}.")
  @Nullable Path batch;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "text",
      description = "text or json.")
  String output = "text";

  @Option(
      names = {"-v", "--verbose"},
      description = "Also show every rule tried that did not match, and the match that failed.")
  boolean verbose;

  private final List<ObjectNode> results = new ArrayList<>();
  private final StringBuilder text = new StringBuilder();

  /** The flows asked for; {@code node} applies to those that name none. */
  List<Flow> flows(@Nullable String node) throws IOException {
    if (!output.equals("text") && !output.equals("json")) {
      throw KsimInputException.commandLine(
          "-o", "unknown output format \"" + output + "\" (text or json)");
    }
    return batch != null ? batch(batch, node) : List.of(single(from, to, protocol, node));
  }

  /** How much of each evaluation the traces keep. */
  Recording recording() {
    return verbose ? Recording.ALL : Recording.MATCHED;
  }

  /** Adds the trace of {@code flow} to the output. */
  void add(Flow flow, Trace trace) {
    add(flow, trace, null, List.of());
  }

  /**
   * Adds the trace of {@code flow}, after the name lookup that gave its destination (with the
   * traces of its queries) when the flow named a host.
   */
  void add(Flow flow, Trace trace, @Nullable HostLookup lookup, List<Trace> queries) {
    ObjectNode json = TraceJson.toJson(trace, batch != null ? flow.name() : null);
    if (batch != null) {
      text.append("# ").append(flow.name()).append('\n');
    }
    if (lookup != null) {
      json.set("dns", lookupJson(flow, lookup, queries));
      text.append(lookupText(flow, lookup, queries));
    }
    results.add(json);
    text.append(TraceRenderer.render(trace));
  }

  /** Adds a flow whose host name did not resolve; false when that is the only flow. */
  boolean addUnresolved(Flow flow, HostLookup lookup, List<Trace> queries) {
    String message = "could not resolve " + flow.host() + ": " + lookup.failure();
    if (batch == null) {
      System.err.print(lookupText(flow, lookup, queries));
      System.err.println("ksim: " + message);
      return false;
    }
    ObjectNode json = TraceJson.node();
    json.put("name", flow.name());
    json.put("error", message);
    json.set("dns", lookupJson(flow, lookup, queries));
    results.add(json);
    text.append("# ").append(flow.name()).append('\n');
    text.append(lookupText(flow, lookup, queries)).append(message).append("\n\n");
    return true;
  }

  private static ObjectNode lookupJson(Flow flow, HostLookup lookup, List<Trace> queries) {
    ObjectNode dns = TraceJson.node();
    dns.put("name", flow.host());
    if (lookup.address().isPresent()) {
      dns.put("address", lookup.address().get().toString());
    } else {
      dns.putNull("address");
    }
    var list = dns.putArray("queries");
    for (int i = 0; i < lookup.exchanges().size(); i++) {
      ObjectNode query = DnsJson.toJson(lookup.exchanges().get(i));
      if (i < queries.size()) {
        query.set("trace", TraceJson.toJson(queries.get(i), null));
      }
      list.add(query);
    }
    return dns;
  }

  private static String lookupText(Flow flow, HostLookup lookup, List<Trace> queries) {
    StringBuilder out = new StringBuilder("DNS lookup of ").append(flow.host()).append(":\n");
    for (int i = 0; i < lookup.exchanges().size(); i++) {
      Exchange e = lookup.exchanges().get(i);
      DnsMessage reply = e.reply();
      out.append("  ").append(e.query().q().name()).append(' ').append(e.query().q().type());
      out.append(" -> ");
      if (reply == null) {
        out.append(e.failure());
      } else {
        out.append(reply.rcode());
        reply.answer().forEach(r -> out.append(' ').append(r.data().text()));
      }
      out.append('\n');
      if (i < queries.size()) {
        out.append(TraceRenderer.render(queries.get(i)).indent(4));
      }
    }
    return out.toString();
  }

  /** Prints every trace added, as asked. */
  void print() {
    if (output.equals("json")) {
      System.out.print(TraceJson.write(batch != null ? TraceJson.list(results) : results.get(0)));
    } else {
      System.out.print(text);
    }
  }

  /**
   * One packet to follow.
   *
   * @param name its name in a batch ("" for a single flow)
   * @param protocol tcp, udp or sctp
   * @param source the source as given (an address, or a pod/node reference for trace)
   * @param host where it is sent: an address, or a DNS name the source resolves
   * @param port the destination port
   * @param node the node it enters, or null for the default
   */
  record Flow(
      String name, Protocol protocol, String source, String host, int port, @Nullable String node) {
    /** Whether the destination is a DNS name, to be resolved from the source first. */
    boolean isNamed() {
      return IpAddress.tryParse(host).isEmpty();
    }

    /** The destination of a flow whose host is an address. */
    IpPort destination() {
      return new IpPort(
          IpAddress.tryParse(host)
              .orElseThrow(() -> new IllegalStateException(host + " is a name, not an address")),
          port);
    }
  }

  /** The flow of {@code --from}, {@code --to} and {@code --protocol}. */
  private static Flow single(
      @Nullable String from, @Nullable String to, String protocol, @Nullable String node) {
    if (from == null || to == null) {
      throw KsimInputException.commandLine(
          "--from/--to", "both --from and --to are needed (or --batch)");
    }
    Optional<IpPort> address = IpPort.tryParse(to);
    if (address.isPresent()) {
      return new Flow(
          "",
          protocol(protocol, "--protocol"),
          from,
          address.get().ip().toString(),
          address.get().port(),
          node);
    }
    int colon = to.lastIndexOf(':');
    String host = colon < 0 ? to : to.substring(0, colon);
    int port = colon < 0 ? -1 : parsePort(to.substring(colon + 1));
    if (port < 0 || !DnsName.tryParse(host).isPresent() || host.contains("[")) {
      throw KsimInputException.commandLine(
          "--to", "expected ADDRESS:PORT ([ADDRESS]:PORT for IPv6) or NAME:PORT, got " + to);
    }
    return new Flow("", protocol(protocol, "--protocol"), from, host, port, node);
  }

  private static int parsePort(String text) {
    try {
      int port = Integer.parseInt(text);
      return port >= 0 && port <= 65535 ? port : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The flows of a batch file; {@code node} applies to those that name none. */
  private static List<Flow> batch(Path file, @Nullable String node) throws IOException {
    JsonNode root = readList(file, "flows");
    List<Flow> flows = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      JsonNode item = root.get(i);
      String where = file + " item " + i;
      String destination = item.path("destination").asText("");
      int port = item.path("port").asInt(-1);
      if (IpAddress.tryParse(destination).isEmpty() && DnsName.tryParse(destination).isEmpty()) {
        throw KsimInputException.commandLine(
            where + " destination", "not an address or a DNS name: " + destination);
      }
      if (port < 0 || port > 65535) {
        throw KsimInputException.commandLine(where + " port", "missing or out of range");
      }
      String flowNode = item.hasNonNull("node") ? item.get("node").asText() : node;
      flows.add(
          new Flow(
              item.path("name").asText("flow " + i),
              protocol(item.path("protocol").asText("TCP"), where + " protocol"),
              item.path("source").asText(""),
              destination,
              port,
              flowNode));
    }
    return flows;
  }

  private static Protocol protocol(String text, String where) {
    Optional<Protocol> p = Protocol.tryParse(text).filter(Protocol::hasPorts);
    return p.orElseThrow(
        () ->
            KsimInputException.commandLine(
                where, "protocol must be tcp, udp or sctp, got " + text));
  }

  /** A batch file's JSON list (of {@code what}), or an error naming the file and line. */
  static JsonNode readList(Path file, String what) throws IOException {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(read(file));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new KsimInputException(
          new SourceLocation(
              file.toString(), e.getLocation() == null ? 0 : e.getLocation().getLineNr(), null),
          "not JSON: " + e.getOriginalMessage());
    }
    if (!root.isArray()) {
      throw new KsimInputException(
          new SourceLocation(file.toString(), 1, null), "a batch is a JSON list of " + what);
    }
    return root;
  }

  static String read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new KsimInputException(
          new SourceLocation(file.toString(), 0, null), "the path \"" + file + "\" does not exist");
    }
    return Utf8Text.decode(file.toString(), Files.readAllBytes(file));
  }
}
