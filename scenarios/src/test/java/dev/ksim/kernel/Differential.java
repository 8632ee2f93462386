package dev.ksim.kernel;

import dev.ksim.apiserver.ResourceType;
import dev.ksim.client.Origins;
import dev.ksim.cluster.Cluster;
import dev.ksim.controller.endpointslice.EndpointSliceController;
import dev.ksim.datapath.ClusterDatapath;
import dev.ksim.datapath.Source;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpPort;
import dev.ksim.net.Packet;
import dev.ksim.net.Protocol;
import dev.ksim.node.EphemeralPorts;
import dev.ksim.node.NodeNetwork;
import dev.ksim.trace.Hop;
import dev.ksim.trace.Trace;
import dev.ksim.trace.Verdict;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Flows compared between ksim and the real kernel: for every IPv4 Service port, a pod's and a
 * node's connections to the ClusterIP, an outside client's to each node's NodePort, to external IPs
 * and load-balancer addresses, and a backend pod's to its own Service (hairpin). For each, ksim's
 * trace says what must happen; the kernel is asked with real connections.
 */
final class Differential {
  /** One flow: where it starts (for ksim and in the kernel) and where it goes. */
  record Flow(
      String name,
      String ksimSource,
      @Nullable String node,
      String namespace,
      String clientAddress,
      IpPort destination,
      Protocol protocol,
      boolean sticky) {}

  /**
   * What the kernel did with a flow's attempts, and whether it agrees with ksim.
   *
   * @param kernelRules when the kernel disagreed, the rules the packets of the same attempts, made
   *     again from zeroed counters, hit on the entry node ({@link KernelCluster#rulesHit}), to
   *     explain the difference
   */
  record Outcome(
      Flow flow,
      Trace trace,
      List<String> attempts,
      List<String> disagreements,
      List<String> kernelRules) {}

  private static final int ATTEMPTS = 12;
  private static final int MORE_ATTEMPTS = 48;
  private static final int MAX_FLOWS = 40;
  private static final int MAX_DRAWS = 60;

  private final Cluster cluster;
  private final KernelCluster kernel;

  Differential(Cluster cluster, KernelCluster kernel) {
    this.cluster = cluster;
    this.kernel = kernel;
  }

  /** The flows of the cluster's Services, at most {@value #MAX_FLOWS} (first and last kept). */
  List<Flow> flows() {
    List<Flow> flows = new ArrayList<>();
    Map<String, NodeNetwork> nodes = cluster.nodeNetworks();
    String lastNode = nodes.keySet().stream().reduce((a, b) -> b).orElseThrow();
    for (Service svc : cluster.store().<Service>list(ResourceType.SERVICE)) {
      String id = svc.getMetadata().getNamespace() + "/" + svc.getMetadata().getName();
      String clusterIp = svc.getSpec().getClusterIP();
      boolean sticky = "ClientIP".equals(svc.getSpec().getSessionAffinity());
      for (ServicePort port : Optional.ofNullable(svc.getSpec().getPorts()).orElse(List.of())) {
        Protocol protocol =
            Protocol.tryParse(Optional.ofNullable(port.getProtocol()).orElse("TCP"))
                .orElse(Protocol.SCTP);
        if (protocol == Protocol.SCTP) {
          continue;
        }
        String label = id + ":" + port.getPort() + "/" + protocol;
        if (clusterIp != null && !"None".equals(clusterIp) && IpAddress.parse(clusterIp).isV4()) {
          IpPort vip = new IpPort(IpAddress.parse(clusterIp), port.getPort());
          flows.add(
              new Flow(
                  "pod -> " + label,
                  kernel.clientPodAddress(),
                  null,
                  kernel.clientPod(),
                  kernel.clientPodAddress(),
                  vip,
                  protocol,
                  sticky));
          NodeNetwork node = nodes.get(lastNode);
          flows.add(
              new Flow(
                  "node " + lastNode + " -> " + label,
                  "node/" + lastNode,
                  null,
                  kernel.node(lastNode),
                  node.addresses().get(0).address().toString(),
                  vip,
                  protocol,
                  sticky));
          hairpin(svc, label, vip, protocol, sticky).ifPresent(flows::add);
        }
        if (port.getNodePort() != null) {
          for (NodeNetwork node : nodes.values()) {
            IpAddress address =
                node.addresses().stream()
                    .map(a -> a.address())
                    .filter(IpAddress::isV4)
                    .findFirst()
                    .orElseThrow();
            flows.add(
                world(
                    "outside -> " + node.name() + " nodePort " + label,
                    node.name(),
                    new IpPort(address, port.getNodePort()),
                    protocol,
                    sticky));
          }
        }
        for (String external :
            Optional.ofNullable(svc.getSpec().getExternalIPs()).orElse(List.of())) {
          IpAddress ip = IpAddress.parse(external);
          if (ip.isV4()) {
            flows.add(
                world(
                    "outside -> externalIP " + label,
                    owner(ip),
                    new IpPort(ip, port.getPort()),
                    protocol,
                    sticky));
          }
        }
        if (svc.getStatus() != null && svc.getStatus().getLoadBalancer() != null) {
          for (LoadBalancerIngress ingress :
              Optional.ofNullable(svc.getStatus().getLoadBalancer().getIngress())
                  .orElse(List.of())) {
            if (ingress.getIp() != null && IpAddress.parse(ingress.getIp()).isV4()) {
              flows.add(
                  world(
                      "outside -> LB " + label,
                      nodes.keySet().iterator().next(),
                      new IpPort(IpAddress.parse(ingress.getIp()), port.getPort()),
                      protocol,
                      sticky));
            }
          }
        }
      }
    }
    if (flows.size() <= MAX_FLOWS) {
      return flows;
    }
    List<Flow> kept = new ArrayList<>(flows.subList(0, MAX_FLOWS / 2));
    kept.addAll(flows.subList(flows.size() - MAX_FLOWS / 2, flows.size()));
    return kept;
  }

  private Flow world(
      String name, String node, IpPort destination, Protocol protocol, boolean sticky) {
    return new Flow(
        name,
        kernel.worldAddress(),
        node,
        kernel.world(),
        kernel.worldAddress(),
        destination,
        protocol,
        sticky);
  }

  /** The node that has {@code ip}, else the first (where the world routes it). */
  private String owner(IpAddress ip) {
    return cluster.nodeNetworks().values().stream()
        .filter(n -> n.addresses().stream().anyMatch(a -> a.address().equals(ip)))
        .map(NodeNetwork::name)
        .findFirst()
        .orElse(cluster.nodeNetworks().keySet().iterator().next());
  }

  /** A backend pod of the Service asking its own Service, when one was built. */
  private Optional<Flow> hairpin(
      Service svc, String label, IpPort vip, Protocol protocol, boolean sticky) {
    for (EndpointSlice slice :
        cluster
            .store()
            .<EndpointSlice>list(ResourceType.ENDPOINT_SLICE, svc.getMetadata().getNamespace())) {
      if (!svc.getMetadata()
          .getName()
          .equals(slice.getMetadata().getLabels().get(EndpointSliceController.SERVICE_NAME))) {
        continue;
      }
      for (var endpoint : slice.getEndpoints()) {
        if (endpoint.getTargetRef() != null && "Pod".equals(endpoint.getTargetRef().getKind())) {
          String key = svc.getMetadata().getNamespace() + "/" + endpoint.getTargetRef().getName();
          Optional<String> ns = kernel.pod(key);
          if (ns.isPresent()) {
            return Optional.of(
                new Flow(
                    "hairpin " + key + " -> " + label,
                    "pod/" + key,
                    null,
                    ns.get(),
                    endpoint.getAddresses().get(0),
                    vip,
                    protocol,
                    sticky));
          }
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Runs {@code flow} in ksim and in the kernel and says where they differ. ksim's random choice is
   * drawn again until every candidate endpoint was chosen once, so that its decision for each
   * endpoint (masquerade or not, delivered or not) is known, whichever the kernel picks.
   */
  Outcome compare(Flow flow, ClusterDatapath datapath) throws IOException {
    Map<String, Trace> byEndpoint = new TreeMap<>();
    Trace trace = null;
    for (int draw = 0; draw < MAX_DRAWS; draw++) {
      datapath.resetState();
      Source source =
          new Origins(cluster)
              .resolve(flow.ksimSource(), flow.node(), flow.destination().ip(), "flow");
      Trace t =
          datapath.trace(
              source.origin(),
              Packet.first(
                  flow.protocol(),
                  new IpPort(source.address(), EphemeralPorts.bindUdp(cluster.random()::nextInt)),
                  flow.destination()));
      trace = trace == null ? t : trace;
      IpPort endpoint = t.endpoint();
      byEndpoint.putIfAbsent(endpoint == null ? "" : endpoint.ip().toString(), t);
      if (byEndpoint.size() >= Math.max(1, t.candidates().size())) {
        break;
      }
    }
    kernel.forget(false);
    boolean answers = trace.verdict() == Verdict.DELIVERED;
    List<String> attempts = new ArrayList<>(probe(flow, answers ? ATTEMPTS : 2));
    long reached =
        attempts.stream()
            .filter(a -> a.startsWith("ok "))
            .map(a -> a.split(" ")[1])
            .distinct()
            .count();
    if (answers && !flow.sticky() && reached < trace.candidates().size()) {
      // the kernel's draw is random: before saying it never picks a candidate, give it the
      // chance to (missing one of three in 60 tries has a chance below 1e-10)
      attempts.addAll(probe(flow, MORE_ATTEMPTS));
    }
    String entryNode = entryNode(trace);
    Set<String> entry = KernelCluster.nodeAddresses(cluster, entryNode);
    List<String> disagreements = disagreements(flow, trace, byEndpoint, entry, attempts);
    List<String> rules = List.of();
    if (!disagreements.isEmpty()) {
      // the same attempts again from zeroed counters, to show the rules their packets hit
      kernel.forget(true);
      probe(flow, answers ? ATTEMPTS : 2);
      rules = kernel.rulesHit(entryNode);
    }
    return new Outcome(flow, trace, attempts, disagreements, rules);
  }

  private List<String> probe(Flow flow, int count) throws IOException {
    return kernel.probe(
        flow.namespace(),
        flow.destination().ip().toString(),
        flow.destination().port(),
        flow.protocol().name().toLowerCase(Locale.ROOT),
        count,
        count > 2 ? 2.0 : 1.0);
  }

  /** The node whose rules decided: the first hop that is a node's host namespace. */
  private static String entryNode(Trace trace) {
    return trace.hops().stream()
        .filter(h -> h.netns().isHost())
        .map(Hop::node)
        .findFirst()
        .orElse(trace.hops().get(0).node());
  }

  /**
   * Where the kernel's attempts disagree with ksim: a backend outside ksim's candidates, a source
   * address that is not what ksim's trace for that backend delivers (the client's own, or with
   * masquerade an address of the entry node), a failure where ksim delivers, an answer or a
   * different failure where ksim rejects, drops or finds no route.
   */
  static List<String> disagreements(
      Flow flow,
      Trace trace,
      Map<String, Trace> byEndpoint,
      Set<String> entryAddresses,
      List<String> attempts) {
    List<String> out = new ArrayList<>();
    Map<String, Integer> answered = new TreeMap<>();
    Set<String> failures = new TreeSet<>();
    Set<String> candidates = new TreeSet<>();
    trace.candidates().forEach(c -> candidates.add(c.ip().toString()));
    for (String attempt : attempts) {
      String[] words = attempt.split(" ");
      if (!words[0].equals("ok") || words.length < 3) {
        failures.add(attempt);
        continue;
      }
      String backend = words[1];
      String peer = words[2];
      answered.merge(backend, 1, Integer::sum);
      Trace ksim = byEndpoint.containsKey(backend) ? byEndpoint.get(backend) : byEndpoint.get("");
      if (ksim == null) {
        if (!backend.equals("world")) {
          out.add("kernel reached " + backend + ", outside ksim's candidates " + candidates);
        }
        continue;
      }
      if (ksim.verdict() != Verdict.DELIVERED) {
        out.add(
            "ksim: " + ksim.verdict() + " via " + backend + "; the kernel got an answer from it");
      } else if (ksim.masqueraded() && !entryAddresses.contains(peer)) {
        out.add(
            "ksim masquerades via "
                + backend
                + "; it saw "
                + peer
                + ", no address of the entry node "
                + entryAddresses);
      } else if (!ksim.masqueraded() && !peer.equals(flow.clientAddress())) {
        out.add(
            "ksim keeps the source "
                + flow.clientAddress()
                + " via "
                + backend
                + "; it saw "
                + peer);
      }
    }
    boolean delivered =
        byEndpoint.values().stream().anyMatch(t -> t.verdict() == Verdict.DELIVERED);
    if (delivered && !failures.isEmpty()) {
      out.add(
          "ksim delivers; the kernel's attempts failed: " + failures + ", answered " + answered);
    }
    if (delivered && flow.sticky() && answered.size() > 1) {
      out.add("session affinity: the kernel spread over " + answered);
    }
    if (delivered
        && !flow.sticky()
        && candidates.size() > 1
        && candidates.size() <= 3
        && answered.size() != candidates.size()
        && !answered.containsKey("world")) {
      out.add("ksim candidates " + candidates + "; the kernel reached only " + answered);
    }
    switch (trace.verdict()) {
      case REJECTED, REFUSED -> {
        if (!answered.isEmpty() || !failures.equals(Set.of("refused"))) {
          out.add("ksim: " + trace.verdict() + "; kernel: " + failures + " " + answered);
        }
      }
      case DROPPED, UNREACHABLE -> {
        if (!answered.isEmpty() || failures.contains("refused")) {
          out.add("ksim: " + trace.verdict() + "; kernel: " + failures + " " + answered);
        }
      }
      default -> {
        // DELIVERED: checked per attempt above
      }
    }
    return out;
  }
}
