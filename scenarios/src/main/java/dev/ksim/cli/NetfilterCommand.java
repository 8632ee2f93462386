package dev.ksim.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ksim.input.KsimInputException;
import dev.ksim.input.SourceLocation;
import dev.ksim.net.InterfaceAddress;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.net.IpPort;
import dev.ksim.net.Packet;
import dev.ksim.net.Protocol;
import dev.ksim.netfilter.Netfilter;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.netfilter.host.Host;
import dev.ksim.netfilter.ipset.IpSet;
import dev.ksim.netfilter.table.Ruleset;
import dev.ksim.netfilter.text.IpsetRestoreParser;
import dev.ksim.netfilter.text.IptablesRestoreParser;
import dev.ksim.netfilter.text.RuleEnvironment;
import dev.ksim.sim.SimRandom;
import dev.ksim.trace.HostTraces;
import dev.ksim.trace.Trace;
import dev.ksim.view.TraceJson;
import dev.ksim.view.TraceRenderer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ksim netfilter --rules FILE --from SRC --to DST:PORT}: one packet through a saved iptables
 * ruleset, as one host's kernel would handle it, with the trace. No Kubernetes involved.
 */
@Command(
    name = "netfilter",
    mixinStandardHelpOptions = true,
    description =
        "Push one packet through a saved iptables ruleset (iptables-save format) as one host's"
            + " kernel would, and trace it.")
public final class NetfilterCommand implements Callable<Integer> {
  @Option(
      names = "--rules",
      required = true,
      paramLabel = "FILE",
      description = "IPv4 ruleset, iptables-save format.")
  @Nullable Path rules;

  @Option(
      names = "--rules6",
      paramLabel = "FILE",
      description = "IPv6 ruleset, ip6tables-save format.")
  @Nullable Path rules6;

  @Option(names = "--ipsets", paramLabel = "FILE", description = "ipsets, ipset save format.")
  @Nullable Path ipsets;

  @Option(
      names = "--nfacct",
      paramLabel = "NAME",
      description = "An nfacct object that exists (repeatable).")
  List<String> nfacct = new ArrayList<>();

  @Option(
      names = "--local",
      split = ",",
      paramLabel = "ADDR[/LEN]",
      description = "The host's addresses, on eth0.")
  List<String> local = new ArrayList<>();

  @Option(names = "--from", paramLabel = "SRC", description = "Source address (and port).")
  @Nullable String from;

  @Option(names = "--to", paramLabel = "DST:PORT", description = "Destination address and port.")
  @Nullable String to;

  @Option(
      names = "--protocol",
      defaultValue = "tcp",
      description = "tcp, udp or sctp (default: ${DEFAULT-VALUE}).")
  String protocol = "tcp";

  @Option(
      names = "--sysctl",
      paramLabel = "NAME=VALUE",
      description = "A sysctl, e.g. net.ipv4.conf.all.route_localnet=1.")
  List<String> sysctls = new ArrayList<>();

  @Option(
      names = "--batch",
      paramLabel = "FILE",
      description = "JSON list of flows {name, protocol, source, destination, port}.")
  @Nullable Path batch;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "text",
      description = "text or json.")
  String output = "text";

  @Option(names = "--seed", description = "Seed of the random source (statistic matches, ports).")
  long seed = SimRandom.DEFAULT_SEED;

  @Option(names = "--host", defaultValue = "host", description = "The host's name in the trace.")
  String hostName = "host";

  @Option(
      names = {"-v", "--verbose"},
      description = "Also show every rule tried that did not match, and the match that failed.")
  boolean verbose;

  private record Flow(String name, Protocol protocol, String source, IpPort destination) {}

  @Override
  public Integer call() throws IOException {
    if (!output.equals("text") && !output.equals("json")) {
      throw bad("-o", "unknown output format \"" + output + "\" (text or json)");
    }
    Map<String, IpSet> sets =
        ipsets == null ? Map.of() : IpsetRestoreParser.parse(ipsets.toString(), read(ipsets));
    RuleEnvironment environment =
        new RuleEnvironment(sets::containsKey, nfacct::contains, IpFamily.IPV4);
    Map<IpFamily, Ruleset> rulesets = new EnumMap<>(IpFamily.class);
    Path v4 = java.util.Objects.requireNonNull(rules);
    rulesets.put(
        IpFamily.IPV4,
        new IptablesRestoreParser(v4.toString(), environment, false)
            .parse(read(v4), Ruleset.EMPTY));
    if (rules6 != null) {
      rulesets.put(
          IpFamily.IPV6,
          new IptablesRestoreParser(rules6.toString(), environment.withFamily(IpFamily.IPV6), false)
              .parse(read(rules6), Ruleset.EMPTY));
    }
    List<InterfaceAddress> addresses = new ArrayList<>();
    for (String text : local) {
      addresses.add(
          InterfaceAddress.tryParse(text.strip())
              .orElseThrow(() -> bad("--local", "not an address: " + text)));
    }
    Map<String, String> sysctlValues = new LinkedHashMap<>();
    for (String assignment : sysctls) {
      int eq = assignment.indexOf('=');
      if (eq <= 0) {
        throw bad("--sysctl", "expected NAME=VALUE, got " + assignment);
      }
      sysctlValues.put(assignment.substring(0, eq).strip(), assignment.substring(eq + 1).strip());
    }
    SimRandom random = new SimRandom(seed);
    List<Flow> flows = batch != null ? readBatch(batch) : List.of(single());
    List<ObjectNode> results = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (Flow flow : flows) {
      Netfilter kernel = new Netfilter(random::nextInt, () -> 0L);
      rulesets.forEach(kernel::setRuleset);
      sets.values().forEach(s -> kernel.ipsets().put(s.name(), copy(s)));
      nfacct.forEach(kernel::addNfacct);
      sysctlValues.forEach(kernel::setSysctl);
      Host host = new Host(kernel, addresses, verbose ? Recording.ALL : Recording.MATCHED);
      IpPort source = source(flow.source(), random);
      if (source.ip().family() != flow.destination().ip().family()) {
        throw bad("--from", "source and destination are of different families");
      }
      Trace trace =
          HostTraces.of(
              host.send(Packet.first(flow.protocol(), source, flow.destination())), hostName);
      results.add(TraceJson.toJson(trace, batch != null ? flow.name() : null));
      text.append(batch != null ? "# " + flow.name() + "\n" : "")
          .append(TraceRenderer.render(trace));
    }
    if (output.equals("json")) {
      System.out.print(TraceJson.write(batch != null ? TraceJson.list(results) : results.get(0)));
    } else {
      System.out.print(text);
    }
    return 0;
  }

  private static IpSet copy(IpSet set) {
    IpSet copy = new IpSet(set.name(), set.type(), set.family(), set.comment(), set.range());
    set.members().forEach(copy::add);
    return copy;
  }

  private Flow single() {
    if (from == null || to == null) {
      throw bad("--from/--to", "both --from and --to are needed (or --batch)");
    }
    IpPort destination =
        IpPort.tryParse(to).orElseThrow(() -> bad("--to", "expected ADDRESS:PORT, got " + to));
    return new Flow("", protocol(protocol, "--protocol"), from, destination);
  }

  private static Protocol protocol(String text, String where) {
    Optional<Protocol> p = Protocol.tryParse(text).filter(Protocol::hasPorts);
    return p.orElseThrow(() -> bad(where, "protocol must be tcp, udp or sctp, got " + text));
  }

  /** An address with a port, or an address given an ephemeral port (32768-60999, Linux's range). */
  private static IpPort source(String text, SimRandom random) {
    Optional<IpPort> withPort = IpPort.tryParse(text);
    if (withPort.isPresent()) {
      return withPort.get();
    }
    IpAddress ip =
        IpAddress.tryParse(text).orElseThrow(() -> bad("--from", "not an address: " + text));
    return new IpPort(ip, 32768 + random.nextInt(28232));
  }

  private List<Flow> readBatch(Path file) throws IOException {
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
              .orElseThrow(() -> bad(where + " destination", "not an address: " + destination));
      if (port < 0 || port > 65535) {
        throw bad(where + " port", "missing or out of range");
      }
      flows.add(
          new Flow(
              item.path("name").asText("flow " + i),
              protocol(item.path("protocol").asText("TCP"), where + " protocol"),
              item.path("source").asText(""),
              new IpPort(ip, port)));
    }
    return flows;
  }

  private static String read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new KsimInputException(
          new SourceLocation(file.toString(), 0, null), "the path \"" + file + "\" does not exist");
    }
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  private static KsimInputException bad(String field, String message) {
    return new KsimInputException(new SourceLocation("command line", 0, field), message);
  }
}
