package dev.ksim.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ksim.client.DnsTransport;
import dev.ksim.cluster.Cluster;
import dev.ksim.datapath.Connector;
import dev.ksim.dns.RecordType;
import dev.ksim.dns.client.ClientException;
import dev.ksim.dns.client.Dig;
import dev.ksim.dns.client.DigRequest;
import dev.ksim.dns.client.Exchange;
import dev.ksim.dns.resolver.ResolvConf;
import dev.ksim.input.KsimInputException;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.resolver.PodResolvConf;
import dev.ksim.view.DnsJson;
import dev.ksim.view.TraceJson;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ksim dig -f M [--from SRC] [dig arguments] [-o text|json]}: a query to the cluster's
 * CoreDNS, sent as a packet from the client (default: a process on the first node) to the kube-dns
 * Service address, or to {@code @SERVER}, or with {@code +search} to the client's resolv.conf
 * nameserver along its search list. Printed as dig prints it, or as JSON per the command-line
 * contract; {@code --batch} answers a JSON list of {qname, qtype} from the same settled cluster,
 * each query with fresh connection tracking and an empty cache.
 */
@Command(
    name = "dig",
    mixinStandardHelpOptions = true,
    description = "Ask the cluster's CoreDNS, as dig would from a pod or node.")
public final class DigCommand implements Callable<Integer> {
  @SuppressWarnings("NullAway.Init") // injected by picocli
  @Mixin
  ClusterInput input;

  @Option(
      names = "--from",
      paramLabel = "SRC",
      description = "pod/[NAMESPACE/]NAME, node/NAME or an IP (default: the first node).")
  @Nullable String from;

  @Option(names = "--batch", paramLabel = "FILE", description = "JSON list of {qname, qtype}.")
  @Nullable Path batch;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "text",
      description = "text or json.")
  String output = "text";

  @Parameters(paramLabel = "DIG-ARGS", description = "[@SERVER] NAME [TYPE] [+options], as dig.")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    if (!output.equals("text") && !output.equals("json")) {
      throw KsimInputException.commandLine("-o", "unknown output format \"" + output + "\"");
    }
    List<DigRequest> requests;
    try {
      requests = batch != null ? batch(batch) : List.of(single());
    } catch (ClientException e) {
      // dig's own refusal (a name it cannot parse): its message and its exit status
      System.err.println(e.getMessage());
      return e.exitStatus();
    }
    Cluster cluster = input.start(System.err);
    String source = from != null ? from : "node/" + cluster.firstNode();
    ResolvConf conf = PodResolvConf.forSource(cluster, source);
    String kubeDns = cluster.network().dnsServiceIp();
    Connector connector = cluster.connector(Recording.NONE);
    List<ObjectNode> results = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (DigRequest request : requests) {
      connector.datapath().resetState();
      cluster.dns().server().clearCache();
      DnsTransport transport = new DnsTransport(cluster, connector, source);
      // the contract: the cluster's CoreDNS (kube-dns), from --from's address; the client's own
      // resolv.conf (nameserver and search list) only with +search
      boolean useConf = request.search();
      String server =
          request.server() != null
              ? request.server()
              : useConf && !conf.nameservers().isEmpty() ? conf.nameservers().get(0) : kubeDns;
      DigRequest aimed = withServer(request, server);
      List<Exchange> exchanges =
          Dig.run(aimed, conf, transport, () -> cluster.random().nextInt(1 << 16));
      text.append(Dig.print(request, exchanges, cluster.clock().now()));
      Exchange last = exchanges.get(exchanges.size() - 1);
      results.add(DnsJson.toJson(last));
    }
    if (output.equals("json")) {
      System.out.print(TraceJson.write(batch != null ? TraceJson.list(results) : results.get(0)));
    } else {
      System.out.print(text);
    }
    return 0;
  }

  private DigRequest single() {
    if (args.isEmpty()) {
      throw KsimInputException.commandLine("NAME", "a name to look up is needed (or --batch)");
    }
    try {
      return DigRequest.parse(args);
    } catch (ClientException e) {
      if (e.exitStatus() == ClientException.DIG_FATAL) {
        throw e;
      }
      throw KsimInputException.commandLine("DIG-ARGS", String.valueOf(e.getMessage()));
    }
  }

  private static DigRequest withServer(DigRequest request, String server) {
    return new DigRequest(
        request.args(),
        server,
        request.name(),
        request.type(),
        request.search(),
        request.showSearch(),
        request.tcp(),
        request.tries(),
        request.recurse(),
        request.display());
  }

  private static List<DigRequest> batch(Path file) throws IOException {
    JsonNode root = Flows.readList(file, "queries");
    List<DigRequest> requests = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      JsonNode item = root.get(i);
      String qname = item.path("qname").asText("");
      String qtype = item.path("qtype").asText("A").toUpperCase(Locale.ROOT);
      if (qname.isEmpty()) {
        throw KsimInputException.commandLine(file + " item " + i + " qname", "missing");
      }
      if (RecordType.tryParse(qtype).isEmpty()) {
        throw KsimInputException.commandLine(
            file + " item " + i + " qtype", "unknown type " + qtype);
      }
      requests.add(DigRequest.parse(List.of(qname, "-t", qtype, "+tries=1")));
    }
    return requests;
  }
}
