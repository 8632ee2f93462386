package dev.ksim.datapath;

import dev.ksim.api.node.NodeUtil;
import dev.ksim.api.pod.PodUtil;
import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.cluster.Cluster;
import dev.ksim.config.PodNetwork;
import dev.ksim.net.Cidr;
import dev.ksim.net.InterfaceAddress;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpPort;
import dev.ksim.net.Packet;
import dev.ksim.net.Protocol;
import dev.ksim.netfilter.Netfilter;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.netfilter.host.Host;
import dev.ksim.netfilter.host.HostJourney;
import dev.ksim.node.NodeNetwork;
import dev.ksim.trace.Hop;
import dev.ksim.trace.HostTraces;
import dev.ksim.trace.Step;
import dev.ksim.trace.Trace;
import dev.ksim.trace.Verdict;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Follows one packet through the simulated cluster: the entry node's kernel (where kube-proxy's
 * rules pick an endpoint), then, for a pod or node elsewhere, the kernel of the node it is routed
 * to, and finally the socket that gets it; then the answer's way back through the same nodes'
 * connection tracking. Pod ranges are routed between nodes without encapsulation (the nodes share a
 * layer-2 segment, as kind's nodes do), and a node's own pods hang off its bridge {@value
 * Origin#POD_BRIDGE}.
 */
public final class ClusterDatapath {
  /** flannel's VXLAN device. */
  static final String OVERLAY = "flannel.1";

  /** flannel's VXLAN port (the kernel's default is 8472 as well) and network identifier. */
  private static final int VXLAN_PORT = 8472;

  private static final int VNI = 1;

  /** VXLAN source ports are drawn from the upper half of the port space. */
  private static final int VXLAN_SOURCE_PORTS = 32768;

  private final Cluster cluster;
  private final Recording recording;
  private final Sockets sockets;
  private final Map<String, Netfilter> podKernels = new HashMap<>();

  public ClusterDatapath(Cluster cluster, Recording recording) {
    this.cluster = cluster;
    this.recording = recording;
    this.sockets = new Sockets(cluster.store(), cluster.options().images());
  }

  /** Forgets every node's connections and {@code recent} lists: the next packet is a first one. */
  public void resetState() {
    cluster.nodeNetworks().values().forEach(n -> n.kernel().resetState());
    podKernels.values().forEach(Netfilter::resetState);
  }

  /**
   * The pod's own network namespace: a kernel with no rules of its own, {@code eth0} with the pod's
   * address in its node's range and a default route through the node's bridge. Kept for the life of
   * this data path, so its connection tracking carries from one packet to the next.
   */
  private Host podHost(Pod pod) {
    Netfilter kernel =
        podKernels.computeIfAbsent(
            podName(pod),
            name -> {
              Netfilter created =
                  new Netfilter(cluster.random()::nextInt, cluster.clock()::nowMillis);
              IpAddress address = IpAddress.parse(PodUtil.podIp(pod));
              int prefix =
                  Origins.podRangeOwner(cluster, address)
                      .flatMap(node -> podRange(node, address))
                      .map(Cidr::prefixLength)
                      .orElse(address.isV4() ? 24 : 64);
              created.addAddress("eth0", new InterfaceAddress(address, prefix));
              return created;
            });
    return Host.of(kernel, recording, List.of());
  }

  private Optional<Cidr> podRange(String node, IpAddress address) {
    return cluster.store().<Node>list(ResourceType.NODE).stream()
        .filter(n -> node.equals(n.getMetadata().getName()))
        .flatMap(n -> NodeUtil.podCidrs(n).stream())
        .filter(c -> c.contains(address))
        .findFirst();
  }

  /** Sends {@code packet} from {@code origin} and follows it to its end. */
  public Trace trace(Origin origin, Packet packet) {
    return exchange(origin, packet, packet.reversed().tcpFlags());
  }

  /**
   * Completes a TCP connection whose first packet {@code first} was answered, as curl closing after
   * one request does: the client's ACK, its FIN answered by the server's FIN, and the last ACK, so
   * that each node's conntrack entry ends in TIME_WAIT.
   */
  public void close(Origin origin, Packet first) {
    if (first.protocol() != Protocol.TCP) {
      return;
    }
    trace(origin, first.withTcpFlags(Packet.ACK));
    exchange(origin, first.withTcpFlags(Packet.FIN | Packet.ACK), Packet.FIN | Packet.ACK);
    trace(origin, first.withTcpFlags(Packet.ACK));
  }

  /** Sends {@code packet} and, when a socket gets it, an answer with TCP flags {@code answer}. */
  private Trace exchange(Origin origin, Packet packet, int answer) {
    Journey journey = new Journey(origin, packet, answer);
    Packet entering = packet;
    Optional<Pod> client = clientPod(origin);
    if (client.isPresent()) {
      HostJourney out = podHost(client.get()).send(packet, "");
      journey.hops.add(
          new Hop(origin.node(), "pod " + podName(client.get()), HostTraces.steps(out)));
      if (out.outcome() != HostJourney.Outcome.FORWARDED) {
        return journey.inPod(client.get(), out);
      }
      entering = out.last();
    }
    HostJourney entry = journey.cross(origin.node(), entering, origin.inIface());
    journey.endpoint = entry.endpoint();
    journey.candidates = entry.candidates();
    return journey.after(entry, origin.node());
  }

  /** The state of one trace as it is built, hop by hop. */
  private final class Journey {
    private final Origin origin;
    private final Packet packet;
    private final int answerFlags;
    private final List<Hop> hops = new ArrayList<>();
    private @Nullable IpPort endpoint;
    private Set<IpPort> candidates = Set.of();
    private boolean masqueraded;
    private Trace.@Nullable Backend backend;
    private Trace.@Nullable Reply reply;

    Journey(Origin origin, Packet packet, int answerFlags) {
      this.origin = origin;
      this.packet = packet;
      this.answerFlags = answerFlags;
    }

    /** Sends the packet through {@code node}'s kernel and records the hop. */
    HostJourney cross(String node, Packet arriving, String inIface) {
      HostJourney journey = crossNode(node, arriving, inIface, hops);
      masqueraded |= journey.masqueraded();
      return journey;
    }

    /** Carries the packet that left {@code from} to {@code to}, through that node's kernel. */
    HostJourney carry(String from, String to, Packet leaving) {
      HostJourney journey = transfer(from, to, leaving, hops);
      masqueraded |= journey.masqueraded();
      return journey;
    }

    /** What follows a node's verdict on the packet. */
    Trace after(HostJourney journey, String node) {
      return switch (journey.outcome()) {
        case DROPPED, DISCARDED -> finish(Verdict.DROPPED, null);
        case REJECTED -> finish(Verdict.REJECTED, null);
        case DELIVERED_LOCALLY -> toNodeSocket(node, journey.last());
        case FORWARDED -> forward(node, journey.last());
      };
    }

    private Trace forward(String from, Packet leaving) {
      IpAddress destination = leaving.destination();
      Optional<Pod> pod = podAt(destination);
      if (pod.isPresent()) {
        String podNode = PodUtil.nodeName(pod.get());
        if (!podNode.equals(from)) {
          HostJourney next = carry(from, podNode, leaving);
          if (next.outcome() != HostJourney.Outcome.FORWARDED) {
            return after(next, podNode);
          }
          leaving = next.last();
        }
        return toPod(pod.get(), leaving);
      }
      Optional<String> owner = Origins.nodeOwning(cluster, destination);
      if (owner.isPresent() && !owner.get().equals(from)) {
        return after(cross(owner.get(), leaving, NodeNetwork.UPLINK), owner.get());
      }
      Optional<String> range = Origins.podRangeOwner(cluster, destination);
      if (range.isPresent()) {
        return finish(
            Verdict.UNREACHABLE,
            new Step.Dropped(
                "no pod has "
                    + destination
                    + " in node "
                    + range.get()
                    + "'s pod range: neighbour discovery fails, host unreachable"));
      }
      if (cluster.network().serviceSubnets().stream().anyMatch(c -> c.contains(destination))) {
        // no rule translated it: beyond the node, a Service address belongs to nobody
        return finish(
            Verdict.UNREACHABLE,
            new Step.Dropped(
                destination
                    + " is in the Service range and no rule translated it: no host has that"
                    + " address beyond the node"));
      }
      return finish(
          Verdict.DELIVERED,
          new Step.Delivered("the network outside the cluster (every address answers)"));
    }

    private Trace toPod(Pod pod, Packet arriving) {
      HostJourney in = podHost(pod).send(arriving, "eth0");
      hops.add(new Hop(PodUtil.nodeName(pod), "pod " + podName(pod), untilSocket(in)));
      return inPod(pod, in);
    }

    /** What follows the pod's own kernel's verdict: its socket, or the end. */
    Trace inPod(Pod pod, HostJourney journey) {
      if (journey.outcome() != HostJourney.Outcome.DELIVERED_LOCALLY) {
        return finish(
            journey.outcome() == HostJourney.Outcome.REJECTED ? Verdict.REJECTED : Verdict.DROPPED,
            null);
      }
      Packet arrived = journey.last();
      String port = Sockets.portText(arrived.protocol(), arrived.destinationPort());
      Optional<String> container =
          sockets.listener(pod, arrived.protocol(), arrived.destinationPort());
      if (container.isEmpty()) {
        return finish(
            Verdict.REFUSED,
            new Step.Dropped(
                "nothing listens on " + port + ": " + Sockets.refusal(arrived.protocol())));
      }
      String node = PodUtil.nodeName(pod);
      backend =
          new Trace.Backend(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), node);
      reply = new ReplyWalk(origin, packet).from(node, pod, arrived, answerFlags);
      return finish(
          Verdict.DELIVERED, new Step.Delivered("container " + container.get() + " on " + port));
    }

    private Trace toNodeSocket(String node, Packet arriving) {
      Optional<String> listener =
          sockets.nodeListener(
              node, arriving.destination(), arriving.protocol(), arriving.destinationPort());
      String port = Sockets.portText(arriving.protocol(), arriving.destinationPort());
      if (listener.isEmpty()) {
        return finish(
            Verdict.REFUSED,
            new Step.Dropped(
                "nothing on node "
                    + node
                    + " listens on "
                    + port
                    + ": "
                    + Sockets.refusal(arriving.protocol())));
      }
      backend = new Trace.Backend("", "", node);
      reply = new ReplyWalk(origin, packet).from(node, null, arriving, answerFlags);
      return finish(Verdict.DELIVERED, new Step.Delivered(listener.get() + " on " + port));
    }

    /** Ends the trace, adding {@code last} to the last hop when given. */
    private Trace finish(Verdict verdict, @Nullable Step last) {
      if (last != null) {
        endWith(hops, last);
      }
      return new Trace(
          packet.protocol().token(),
          packet.sourceIpPort(),
          packet.destinationIpPort(),
          verdict,
          endpoint,
          candidates,
          masqueraded,
          backend,
          hops,
          reply);
    }
  }

  /** Sends {@code arriving} through {@code node}'s kernel and adds the hop to {@code hops}. */
  private HostJourney crossNode(String node, Packet arriving, String inIface, List<Hop> hops) {
    NodeNetwork network = cluster.nodeNetworks().get(node);
    if (network == null) {
      throw new IllegalStateException("no network for node " + node);
    }
    HostJourney journey =
        Host.of(network.kernel(), recording, routes(node))
            .send(arriving.withInterfaces("", ""), inIface);
    hops.add(new Hop(node, "host", HostTraces.steps(journey)));
    return journey;
  }

  /**
   * Carries {@code leaving}, which left node {@code from}, to node {@code to} and through its
   * kernel. Host-gw routing hands it over as it is; with VXLAN, pod traffic is wrapped on {@code
   * from} in UDP to {@code to}'s address (a packet of {@code from}'s own, through its OUTPUT and
   * POSTROUTING), delivered to {@code to}'s VXLAN socket and unwrapped, and the inner packet enters
   * {@code to} by {@value #OVERLAY}.
   */
  private HostJourney transfer(String from, String to, Packet leaving, List<Hop> hops) {
    if (cluster.options().podNetwork() != PodNetwork.VXLAN
        || Origins.podRangeOwner(cluster, leaving.destination()).isEmpty()) {
      return crossNode(to, leaving, NodeNetwork.UPLINK, hops);
    }
    IpPort outerSource =
        new IpPort(
            nodeAddress(from, leaving),
            VXLAN_SOURCE_PORTS + Math.floorMod(flowHash(leaving), VXLAN_SOURCE_PORTS));
    IpPort outerDestination = new IpPort(nodeAddress(to, leaving), VXLAN_PORT);
    endWith(hops, new Step.Encapsulated(OVERLAY, outerSource, outerDestination, VNI));
    HostJourney out =
        crossNode(from, Packet.first(Protocol.UDP, outerSource, outerDestination), "", hops);
    if (out.outcome() != HostJourney.Outcome.FORWARDED) {
      return out;
    }
    HostJourney in = crossNode(to, out.last(), NodeNetwork.UPLINK, hops);
    if (in.outcome() != HostJourney.Outcome.DELIVERED_LOCALLY) {
      return in;
    }
    endWith(hops, new Step.Decapsulated(OVERLAY, VNI));
    return crossNode(to, leaving, OVERLAY, hops);
  }

  /**
   * A hash of the inner flow, as the kernel picks VXLAN source ports per flow; built from the
   * addresses' text, so it is the same in every run (an enum's hashCode is not).
   */
  private static int flowHash(Packet packet) {
    return (packet.sourceIpPort().toString() + ">" + packet.destinationIpPort()).hashCode();
  }

  private IpAddress nodeAddress(String node, Packet inner) {
    NodeNetwork network = cluster.nodeNetworks().get(node);
    if (network == null) {
      throw new IllegalStateException("no network for node " + node);
    }
    return network.addresses().stream()
        .map(a -> a.address())
        .filter(a -> a.family() == inner.family())
        .findFirst()
        .orElseThrow(
            () -> new IllegalStateException(node + " has no " + inner.family() + " address"));
  }

  /**
   * The answer to a delivered first packet, from the socket that got it back to the client: each
   * node's connection tracking undoes its NAT, and the client accepts it only from the address and
   * port it sent to.
   */
  private final class ReplyWalk {
    /** More nodes than any path crosses: a routing loop ends here. */
    private static final int MAX_NODES = 8;

    private final Origin origin;
    private final Packet sent;
    private final List<Hop> hops = new ArrayList<>();

    ReplyWalk(Origin origin, Packet sent) {
      this.origin = origin;
      this.sent = sent;
    }

    /**
     * The reply to {@code arrived}, with TCP {@code flags}, from {@code pod} (null: the node's own
     * network namespace) on {@code node}.
     */
    Trace.Reply from(String node, @Nullable Pod server, Packet arrived, int flags) {
      Packet answer = arrived.reversed().withTcpFlags(flags);
      String inIface = "";
      if (server != null) {
        HostJourney out = podHost(server).send(answer, "");
        hops.add(new Hop(node, "pod " + podName(server), HostTraces.steps(out)));
        if (out.outcome() != HostJourney.Outcome.FORWARDED) {
          return new Trace.Reply(false, "the reply stayed in pod " + podName(server), hops);
        }
        answer = out.last();
        inIface = Origin.POD_BRIDGE;
      }
      String at = node;
      HostJourney journey = crossNode(at, answer, inIface, hops);
      for (int crossed = 1; crossed < MAX_NODES; crossed++) {
        Packet last = journey.last();
        switch (journey.outcome()) {
          case DROPPED, DISCARDED, REJECTED -> {
            return new Trace.Reply(false, "the reply was discarded on " + at, hops);
          }
          case DELIVERED_LOCALLY -> {
            return arrive(
                origin instanceof Origin.NodeProcess process && process.node().equals(at),
                last,
                "a socket on node " + at);
          }
          case FORWARDED -> {
            Optional<Pod> pod = podAt(last.destination());
            String next =
                pod.map(PodUtil::nodeName)
                    .or(() -> Origins.nodeOwning(cluster, last.destination()))
                    .orElse("");
            if (next.isEmpty() || next.equals(at)) {
              boolean client =
                  pod.isPresent()
                      ? origin instanceof Origin.PodClient c
                          && c.node().equals(at)
                          && c.pod().equals(podName(pod.get()))
                      : origin instanceof Origin.External;
              if (client && pod.isPresent()) {
                HostJourney in = podHost(pod.get()).send(last, "eth0");
                hops.add(new Hop(at, "pod " + podName(pod.get()), untilSocket(in)));
                return arrive(true, in.last(), "the client's socket");
              }
              return arrive(
                  client,
                  last,
                  pod.map(p -> "pod " + podName(p)).orElse("the network outside the cluster"));
            }
            journey = transfer(at, next, last, hops);
            at = next;
          }
        }
      }
      return new Trace.Reply(false, "the reply crossed " + MAX_NODES + " nodes (loop)", hops);
    }

    private Trace.Reply arrive(boolean toClient, Packet last, String where) {
      if (!toClient) {
        return new Trace.Reply(
            false, "the reply went to " + where + ", not to the client", withEnd(where));
      }
      boolean same =
          last.sourceIpPort().equals(sent.destinationIpPort())
              && last.destinationIpPort().equals(sent.sourceIpPort());
      if (!same) {
        return new Trace.Reply(
            false,
            "the reply reached the client from "
                + last.sourceIpPort()
                + ", not from "
                + sent.destinationIpPort()
                + ": the client's kernel does not recognise it and the connection fails",
            withEnd(where));
      }
      return new Trace.Reply(
          true, "the reply reached the client from " + last.sourceIpPort(), withEnd(where));
    }

    private List<Hop> withEnd(String where) {
      endWith(hops, new Step.Delivered(where));
      return hops;
    }
  }

  /** Adds {@code step} to the last of {@code hops}. */
  private static void endWith(List<Hop> hops, Step step) {
    Hop hop = hops.remove(hops.size() - 1);
    List<Step> steps = new ArrayList<>(hop.steps());
    steps.add(step);
    hops.add(new Hop(hop.node(), hop.netns(), steps));
  }

  /**
   * A pod kernel's steps for a packet it accepted, without the generic "delivered" at the end: the
   * caller says which socket got it, or that none did.
   */
  private static List<Step> untilSocket(HostJourney journey) {
    List<Step> steps = new ArrayList<>(HostTraces.steps(journey));
    if (!steps.isEmpty() && steps.get(steps.size() - 1) instanceof Step.Delivered) {
      steps.remove(steps.size() - 1);
    }
    return steps;
  }

  /** The pod a trace starts in, if it starts in one. */
  private Optional<Pod> clientPod(Origin origin) {
    if (!(origin instanceof Origin.PodClient client) || client.pod().isEmpty()) {
      return Optional.empty();
    }
    int slash = client.pod().indexOf('/');
    return cluster
        .store()
        .get(
            new ObjectKey(
                ResourceType.POD,
                client.pod().substring(0, slash),
                client.pod().substring(slash + 1)));
  }

  private static String podName(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }

  /** The node's own pod ranges via its bridge; with VXLAN, the others' via the overlay. */
  private List<Host.Route> routes(String node) {
    boolean overlay = cluster.options().podNetwork() == PodNetwork.VXLAN;
    List<Host.Route> routes = new ArrayList<>();
    for (Node n : cluster.store().<Node>list(ResourceType.NODE)) {
      boolean own = node.equals(n.getMetadata().getName());
      if (own || overlay) {
        NodeUtil.podCidrs(n)
            .forEach(range -> routes.add(new Host.Route(range, own ? Origin.POD_BRIDGE : OVERLAY)));
      }
    }
    return routes;
  }

  private Optional<Pod> podAt(IpAddress address) {
    return Origins.podAt(cluster, address);
  }
}
