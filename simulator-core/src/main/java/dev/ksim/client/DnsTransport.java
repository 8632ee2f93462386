package dev.ksim.client;

import dev.ksim.api.pod.PodUtil;
import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.cluster.Cluster;
import dev.ksim.coredns.ClusterDns;
import dev.ksim.datapath.Connector;
import dev.ksim.datapath.Source;
import dev.ksim.dns.DnsMessage;
import dev.ksim.dns.client.Exchange;
import dev.ksim.dns.client.Transport;
import dev.ksim.dns.server.Request;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpPort;
import dev.ksim.net.Protocol;
import dev.ksim.trace.Trace;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Queries from one client, each a packet to port 53 through the data path: whoever gets it answers
 * if it is a CoreDNS pod (with that pod's own addresses) or the world outside the cluster; a
 * refused packet is "connection refused", a lost one "timed out", and a reply that comes back from
 * another address than the client asked is ignored by the client's kernel, so that is a timeout
 * too. The traces of every query are kept for display.
 */
public final class DnsTransport implements Transport {
  private final Cluster cluster;
  private final Connector connector;
  private final String source;
  private final List<Trace> traces = new ArrayList<>();

  /**
   * @param source the client: an IP, {@code pod/[NS/]NAME} or {@code node/NAME}
   */
  public DnsTransport(Cluster cluster, Connector connector, String source) {
    this.cluster = cluster;
    this.connector = connector;
    this.source = source;
  }

  /** The traces of the queries sent so far, in order. */
  public List<Trace> traces() {
    return List.copyOf(traces);
  }

  @Override
  public Exchange send(String server, DnsMessage query, boolean tcp) {
    IpAddress to = IpAddress.parse(server);
    Source client = new Origins(cluster).resolve(source, null, to, "--from");
    Optional<Trace> sent =
        connector.connect(
            client,
            new IpPort(to, Exchange.PORT),
            tcp ? Protocol.TCP : Protocol.UDP,
            Connector.Purpose.QUERY);
    if (sent.isEmpty()) {
      return Exchange.failed(server, tcp, query, "Cannot assign requested address");
    }
    Trace trace = sent.get();
    traces.add(trace);
    return switch (trace.verdict()) {
      case DELIVERED -> answer(trace, server, query, tcp);
      case REFUSED, REJECTED -> Exchange.failed(server, tcp, query, "connection refused");
      case DROPPED, UNREACHABLE -> Exchange.failed(server, tcp, query, "timed out");
    };
  }

  private Exchange answer(Trace trace, String server, DnsMessage query, boolean tcp) {
    Trace.Reply back = trace.reply();
    if (back != null && !back.returned()) {
      return Exchange.failed(server, tcp, query, "timed out");
    }
    Trace.Backend backend = trace.backend();
    if (backend == null) {
      DnsMessage reply = cluster.dns().world().resolve(query).withEdns(query.edns());
      return Exchange.answered(server, tcp, query, reply);
    }
    Optional<Pod> pod =
        backend.pod().isEmpty()
            ? Optional.empty()
            : cluster
                .store()
                .get(new ObjectKey(ResourceType.POD, backend.namespace(), backend.pod()));
    if (pod.isEmpty() || !ClusterDns.runsCoreDns(pod.get())) {
      return Exchange.failed(server, tcp, query, "timed out");
    }
    // the client as CoreDNS sees it (autopath, transfer's to): a masqueraded source is a node's
    String client = trace.masqueraded() ? "" : trace.source().ip().toString();
    DnsMessage reply =
        cluster
            .dns()
            .server()
            .handle(query, new Request(PodUtil.podIps(pod.get()), client, tcp))
            .get(0);
    return Exchange.answered(server, tcp, query, reply);
  }
}
