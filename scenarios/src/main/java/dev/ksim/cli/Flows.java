package dev.ksim.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ksim.input.KsimInputException;
import dev.ksim.input.SourceLocation;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpPort;
import dev.ksim.net.Protocol;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.sim.SimRandom;
import dev.ksim.trace.Trace;
import dev.ksim.view.TraceJson;
import dev.ksim.view.TraceRenderer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
  /** The first port of Linux's default ephemeral range (net.ipv4.ip_local_port_range). */
  private static final int EPHEMERAL_LOW = 32768;

  /** How many ports that range (32768-60999) has. */
  private static final int EPHEMERAL_COUNT = 28232;

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
    results.add(TraceJson.toJson(trace, batch != null ? flow.name() : null));
    text.append(batch != null ? "# " + flow.name() + "\n" : "").append(TraceRenderer.render(trace));
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
   * @param destination where it is sent
   * @param node the node it enters, or null for the default
   */
  record Flow(
      String name, Protocol protocol, String source, IpPort destination, @Nullable String node) {}

  /** The flow of {@code --from}, {@code --to} and {@code --protocol}. */
  private static Flow single(
      @Nullable String from, @Nullable String to, String protocol, @Nullable String node) {
    if (from == null || to == null) {
      throw KsimInputException.commandLine(
          "--from/--to", "both --from and --to are needed (or --batch)");
    }
    IpPort destination =
        IpPort.tryParse(to)
            .orElseThrow(
                () ->
                    KsimInputException.commandLine(
                        "--to", "expected ADDRESS:PORT ([ADDRESS]:PORT for IPv6), got " + to));
    return new Flow("", protocol(protocol, "--protocol"), from, destination, node);
  }

  /** The flows of a batch file; {@code node} applies to those that name none. */
  private static List<Flow> batch(Path file, @Nullable String node) throws IOException {
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
          new SourceLocation(file.toString(), 1, null), "a batch is a JSON list of flows");
    }
    List<Flow> flows = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      JsonNode item = root.get(i);
      String where = file + " item " + i;
      String destination = item.path("destination").asText("");
      int port = item.path("port").asInt(-1);
      IpAddress ip =
          IpAddress.tryParse(destination)
              .orElseThrow(
                  () ->
                      KsimInputException.commandLine(
                          where + " destination", "not an address: " + destination));
      if (port < 0 || port > 65535) {
        throw KsimInputException.commandLine(where + " port", "missing or out of range");
      }
      String flowNode = item.hasNonNull("node") ? item.get("node").asText() : node;
      flows.add(
          new Flow(
              item.path("name").asText("flow " + i),
              protocol(item.path("protocol").asText("TCP"), where + " protocol"),
              item.path("source").asText(""),
              new IpPort(ip, port),
              flowNode));
    }
    return flows;
  }

  /** {@code address} with an ephemeral port drawn from {@code random}. */
  static IpPort withEphemeralPort(IpAddress address, SimRandom random) {
    return new IpPort(address, EPHEMERAL_LOW + random.nextInt(EPHEMERAL_COUNT));
  }

  private static Protocol protocol(String text, String where) {
    Optional<Protocol> p = Protocol.tryParse(text).filter(Protocol::hasPorts);
    return p.orElseThrow(
        () ->
            KsimInputException.commandLine(
                where, "protocol must be tcp, udp or sctp, got " + text));
  }

  static String read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new KsimInputException(
          new SourceLocation(file.toString(), 0, null), "the path \"" + file + "\" does not exist");
    }
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
