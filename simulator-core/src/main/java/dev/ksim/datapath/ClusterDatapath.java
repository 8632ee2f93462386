package dev.ksim.datapath;

import dev.ksim.cni.BridgeNetwork;
import dev.ksim.net.Cidr;
import dev.ksim.net.InterfaceAddress;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpPort;
import dev.ksim.net.Packet;
import dev.ksim.net.Protocol;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.netfilter.hook.DnatCandidates;
import dev.ksim.netfilter.host.Host;
import dev.ksim.netfilter.host.HostJourney;
import dev.ksim.node.NetworkNamespace;
import dev.ksim.node.NetworkView;
import dev.ksim.node.NodeNetwork;
import dev.ksim.node.Route;
import dev.ksim.trace.Hop;
import dev.ksim.trace.PacketOutcome;
import dev.ksim.trace.Step;
import dev.ksim.trace.Trace;
import dev.ksim.trace.Verdict;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Follows one packet through the cluster's network namespaces, as kubelet and the CNI plugin built
 * them: from the client's namespace, through the entry node's kernel (where kube-proxy's rules pick
 * an endpoint), from namespace to namespace by each one's route and neighbours ({@link #nextHop},
 * the same for requests and replies), to the socket that gets it; then the answer's way back
 * through the same kernels' connection tracking. It reads no API object on the way: a pod's sockets
 * come from the pod its namespace was made for, a node's from {@link Sockets}.
 */
public final class ClusterDatapath {
  /** flannel's VXLAN port (the kernel's default is 8472 as well) and network identifier. */
  private static final int VXLAN_PORT = 8472;

  private static final int VNI = 1;

  /** VXLAN source ports are drawn from the upper half of the port space. */
  private static final int VXLAN_SOURCE_PORTS = 32768;

  /** More namespaces than any path crosses: a routing loop ends here, as a TTL would end it. */
  private static final int MAX_CROSSINGS = 16;

  private final NetworkView network;
  private final Sockets sockets;
  private final List<Cidr> serviceSubnets;
  private final Recording recording;

  /**
   * @param network the namespaces
   * @param sockets what listens on the nodes
   * @param serviceSubnets the Service ranges (an address there belongs to no host)
   * @param recording how much of each rule walk the trace keeps
   */
  public ClusterDatapath(
      NetworkView network, Sockets sockets, List<Cidr> serviceSubnets, Recording recording) {
    this.network = network;
    this.sockets = sockets;
    this.serviceSubnets = List.copyOf(serviceSubnets);
    this.recording = recording;
  }

  /**
   * Forgets every namespace's connections and {@code recent} lists: the next packet is a first one.
   */
  public void resetState() {
    network.namespaces().forEach(NetworkNamespace::resetState);
  }

  /**
   * Sends {@code packet} from {@code origin} and follows it to its end, listing the endpoints the
   * entry node's rules could have chosen.
   */
  public Trace trace(Origin origin, Packet packet) {
    return exchange(origin, packet, packet.answerFlags(), true);
  }

  /** Sends {@code packet} from {@code origin} and follows it to its end, without candidates. */
  public Trace send(Origin origin, Packet packet) {
    return exchange(origin, packet, packet.answerFlags(), false);
  }

  /**
   * Sends the first packet of a request from {@code origin} and follows it and its answer as {@link
   * #send} does, with the same effects on every kernel (connection tracking, NAT, counters), but
   * records no hop: what it came to, for a caller that shows no trace.
   */
  public PacketOutcome request(Origin origin, Packet packet) {
    Journey journey = new Journey(origin, packet, packet.answerFlags(), Hops.discarded());
    return journey.outcome(follow(journey, origin, packet, false));
  }

  /**
   * Completes a TCP connection whose first packet {@code first} was answered, as curl closing after
   * one request does: the client's ACK, its FIN answered by the server's FIN, and the last ACK, so
   * that each node's conntrack entry ends in TIME_WAIT. Nobody reads these packets' traces, so none
   * is built.
   */
  public void close(Origin origin, Packet first) {
    if (first.protocol() != Protocol.TCP) {
      return;
    }
    Packet ack = first.withTcpFlags(Packet.ACK);
    exchangeUntraced(origin, ack, ack.answerFlags());
    exchangeUntraced(origin, first.withTcpFlags(Packet.FIN | Packet.ACK), Packet.FIN | Packet.ACK);
    exchangeUntraced(origin, ack, ack.answerFlags());
  }

  /**
   * Where a packet that left {@code from} goes next. A pod's packets all go up its veth to its
   * node's bridge. A node routes by the longest prefix: out of the bridge to the pod that has the
   * address, into the overlay towards the node whose range it is, or onto the nodes' segment, to
   * the node that has the gateway's (or the destination's) address, else out of the cluster; an
   * address of the Service range is nobody's.
   */
  NextHop nextHop(NetworkNamespace from, Packet leaving) {
    if (!from.name().isHost()) {
      return new NextHop.Namespace(network.node(from.node()), NodeNetwork.BRIDGE);
    }
    IpAddress destination = leaving.destination();
    Optional<Route> route = from.routes().lookup(destination);
    if (route.isEmpty()) {
      return new NextHop.Unreachable("no route to " + destination + " on " + from.node());
    }
    String device = route.get().device();
    if (device.equals(NodeNetwork.BRIDGE)) {
      Optional<NetworkNamespace> pod = from.bridgeNeighbour(destination);
      if (pod.isPresent()) {
        return new NextHop.Namespace(pod.get(), BridgeNetwork.POD_INTERFACE);
      }
      return new NextHop.Unreachable(
          "no pod has "
              + destination
              + " in node "
              + from.node()
              + "'s pod range: neighbour discovery fails, host unreachable");
    }
    Optional<NetworkNamespace> neighbour =
        network.onNodeSegment(route.get().nextHop(destination)).filter(n -> n != from);
    if (device.equals(BridgeNetwork.OVERLAY)) {
      return neighbour
          .<NextHop>map(NextHop.Overlay::new)
          .orElseGet(() -> new NextHop.Unreachable("no node behind " + route.get()));
    }
    if (neighbour.isPresent()) {
      return new NextHop.Namespace(neighbour.get(), NodeNetwork.UPLINK);
    }
    if (serviceSubnets.stream().anyMatch(c -> c.contains(destination))) {
      // no rule translated it: beyond the node, a Service address belongs to nobody
      return new NextHop.Unreachable(
          destination
              + " is in the Service range and no rule translated it: no host has that"
              + " address beyond the node");
    }
    return new NextHop.Outside();
  }

  /** Sends {@code packet} and, when a socket gets it, an answer with TCP flags {@code answer}. */
  private Trace exchange(Origin origin, Packet packet, int answer, boolean listCandidates) {
    Journey journey = new Journey(origin, packet, answer, Hops.kept());
    return journey.trace(follow(journey, origin, packet, listCandidates));
  }

  /**
   * Sends {@code packet} and its answer as {@link #exchange} does, building no trace and no outcome
   * (the close's packets: three per request, whose outcome nobody reads).
   */
  private void exchangeUntraced(Origin origin, Packet packet, int answer) {
    follow(new Journey(origin, packet, answer, Hops.discarded()), origin, packet, false);
  }

  /** Follows {@code packet} from {@code origin} to its end along {@code journey}. */
  private Verdict follow(Journey journey, Origin origin, Packet packet, boolean listCandidates) {
    Packet entering = packet;
    Optional<NetworkNamespace> client = clientPod(origin);
    if (client.isPresent()) {
      HostJourney out = journey.through(client.get(), packet, "");
      if (out.outcome() != HostJourney.Outcome.FORWARDED) {
        return journey.inPod(client.get(), out);
      }
      entering = out.last();
    }
    NetworkNamespace entry = network.node(origin.node());
    if (listCandidates) {
      DnatCandidates found = host(entry).candidates(entering, origin.inIface());
      journey.candidates = found.destinations();
      journey.candidatesComplete = !found.cut();
    }
    HostJourney first = journey.through(entry, entering, origin.inIface());
    if (listCandidates) {
      Set<IpPort> all = new TreeSet<>(journey.candidates);
      all.addAll(Host.functionCandidates(first));
      journey.candidates = all;
    }
    journey.endpoint = first.endpoint();
    return journey.after(first, entry);
  }

  /** The host view of {@code namespace}'s kernel and routes, recording what the traces keep. */
  private Host host(NetworkNamespace namespace) {
    return namespace.host(recording);
  }

  /** Sends {@code arriving} through {@code namespace}'s kernel and adds the hop to {@code hops}. */
  private HostJourney cross(
      NetworkNamespace namespace, Packet arriving, String inIface, Hops hops) {
    HostJourney journey = journey(namespace, arriving.withInterfaces(inIface, ""), inIface, hops);
    hops.add(namespace, journey);
    return journey;
  }

  /**
   * {@code namespace}'s kernel's verdict on {@code arriving}, entering by {@code inIface}: its
   * events recorded only when {@code hops} are kept.
   */
  private HostJourney journey(
      NetworkNamespace namespace, Packet arriving, String inIface, Hops hops) {
    Host host = host(namespace);
    return hops.isKept() ? host.send(arriving, inIface) : host.pass(arriving, inIface);
  }

  /**
   * Carries {@code leaving}, which left node {@code from} by the overlay, to node {@code to} and
   * through its kernel: wrapped on {@code from} in UDP to {@code to}'s address (a packet of {@code
   * from}'s own, through its OUTPUT and POSTROUTING), delivered to {@code to}'s VXLAN socket and
   * unwrapped, and the inner packet enters {@code to} by {@value BridgeNetwork#OVERLAY}.
   */
  private HostJourney overlay(
      NetworkNamespace from, NetworkNamespace to, Packet leaving, Hops hops) {
    IpPort outerSource =
        new IpPort(
            uplinkAddress(from, leaving),
            VXLAN_SOURCE_PORTS + Math.floorMod(flowHash(leaving), VXLAN_SOURCE_PORTS));
    IpPort outerDestination = new IpPort(uplinkAddress(to, leaving), VXLAN_PORT);
    hops.endWith(new Step.Encapsulated(BridgeNetwork.OVERLAY, outerSource, outerDestination, VNI));
    HostJourney out =
        cross(from, Packet.first(Protocol.UDP, outerSource, outerDestination), "", hops);
    if (out.outcome() != HostJourney.Outcome.FORWARDED) {
      return out;
    }
    HostJourney in = cross(to, out.last(), NodeNetwork.UPLINK, hops);
    if (in.outcome() != HostJourney.Outcome.DELIVERED_LOCALLY) {
      return in;
    }
    hops.endWith(new Step.Decapsulated(BridgeNetwork.OVERLAY, VNI));
    return cross(to, leaving, BridgeNetwork.OVERLAY, hops);
  }

  /**
   * A hash of the inner flow, as the kernel picks VXLAN source ports per flow; built from the
   * addresses' text, so it is the same in every run (an enum's hashCode is not).
   */
  private static int flowHash(Packet packet) {
    return (packet.sourceIpPort().toString() + ">" + packet.destinationIpPort()).hashCode();
  }

  private static IpAddress uplinkAddress(NetworkNamespace node, Packet inner) {
    return node.addresses(NodeNetwork.UPLINK).stream()
        .map(InterfaceAddress::address)
        .filter(a -> a.family() == inner.family())
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(node.node() + " has no " + inner.family() + " address"));
  }

  /**
   * One packet's way as it is followed, hop by hop: its trace when the hops are kept, else what it
   * came to.
   */
  private final class Journey {
    private final Origin origin;
    private final Packet packet;
    private final int answerFlags;
    private final Hops hops;
    private @Nullable IpPort endpoint;
    private Set<IpPort> candidates = Set.of();
    private boolean candidatesComplete = true;
    private boolean masqueraded;

    /** The pod or node whose sockets the packet reached: one accepted it, or none listened. */
    private Trace.@Nullable Backend receiver;

    /** The packet as a socket (or the world outside) got it: every NAT on its way applied. */
    private @Nullable Packet delivered;

    private Trace.@Nullable Reply reply;
    private int crossings;

    Journey(Origin origin, Packet packet, int answerFlags, Hops hops) {
      this.origin = origin;
      this.packet = packet;
      this.answerFlags = answerFlags;
      this.hops = hops;
    }

    /** Sends the packet through {@code namespace}'s kernel and records the hop. */
    HostJourney through(NetworkNamespace namespace, Packet arriving, String inIface) {
      HostJourney journey = cross(namespace, arriving, inIface, hops);
      masqueraded |= journey.masqueraded();
      return journey;
    }

    /** What follows a node's verdict on the packet. */
    Verdict after(HostJourney journey, NetworkNamespace node) {
      return switch (journey.outcome()) {
        case DROPPED, DISCARDED -> Verdict.DROPPED;
        case REJECTED -> Verdict.REJECTED;
        case DELIVERED_LOCALLY -> toNodeSocket(node.node(), journey.last());
        case FORWARDED -> forward(node, journey.last());
      };
    }

    private Verdict forward(NetworkNamespace from, Packet leaving) {
      if (++crossings > MAX_CROSSINGS) {
        return finish(
            Verdict.DROPPED,
            () -> new Step.Dropped("crossed " + MAX_CROSSINGS + " namespaces: a routing loop"));
      }
      return nextHop(from, leaving)
          .accept(
              new NextHop.Visitor<Verdict>() {
                @Override
                public Verdict visitNamespace(NextHop.Namespace hop) {
                  if (!hop.to().name().isHost()) {
                    return toPod(hop.to(), leaving);
                  }
                  return after(through(hop.to(), leaving, hop.inIface()), hop.to());
                }

                @Override
                public Verdict visitOverlay(NextHop.Overlay hop) {
                  HostJourney carried = overlay(from, hop.to(), leaving, hops);
                  masqueraded |= carried.masqueraded();
                  return after(carried, hop.to());
                }

                @Override
                public Verdict visitOutside(NextHop.Outside hop) {
                  delivered = leaving;
                  return finish(
                      Verdict.DELIVERED,
                      () ->
                          new Step.Delivered(
                              "the network outside the cluster (every address answers)"));
                }

                @Override
                public Verdict visitUnreachable(NextHop.Unreachable hop) {
                  return finish(Verdict.UNREACHABLE, () -> new Step.Dropped(hop.reason()));
                }
              });
    }

    private Verdict toPod(NetworkNamespace pod, Packet arriving) {
      HostJourney in = journey(pod, arriving, BridgeNetwork.POD_INTERFACE, hops);
      hops.addUntilSocket(pod, in);
      return inPod(pod, in);
    }

    /** What follows the pod's own kernel's verdict: its socket, or the end. */
    Verdict inPod(NetworkNamespace namespace, HostJourney journey) {
      if (journey.outcome() != HostJourney.Outcome.DELIVERED_LOCALLY) {
        return journey.outcome() == HostJourney.Outcome.REJECTED
            ? Verdict.REJECTED
            : Verdict.DROPPED;
      }
      Pod pod = namespace.pod().orElseThrow();
      Packet arrived = journey.last();
      Optional<String> container =
          sockets.listener(pod, arrived.protocol(), arrived.destinationPort());
      receiver =
          new Trace.Backend(
              pod.getMetadata().getNamespace(), pod.getMetadata().getName(), namespace.node());
      if (container.isEmpty()) {
        return finish(
            Verdict.REFUSED,
            () ->
                new Step.Dropped(
                    "nothing listens on "
                        + Sockets.portText(arrived.protocol(), arrived.destinationPort())
                        + ": "
                        + Sockets.refusal(arrived.protocol())));
      }
      delivered = arrived;
      reply = new ReplyWalk(origin, packet, hops.isKept()).from(namespace, arrived, answerFlags);
      return finish(
          Verdict.DELIVERED,
          () ->
              new Step.Delivered(
                  "container "
                      + container.get()
                      + " on "
                      + Sockets.portText(arrived.protocol(), arrived.destinationPort())));
    }

    private Verdict toNodeSocket(String node, Packet arriving) {
      Optional<String> listener =
          sockets.nodeListener(
              node, arriving.destination(), arriving.protocol(), arriving.destinationPort());
      receiver = new Trace.Backend("", "", node);
      if (listener.isEmpty()) {
        return finish(
            Verdict.REFUSED,
            () ->
                new Step.Dropped(
                    "nothing on node "
                        + node
                        + " listens on "
                        + Sockets.portText(arriving.protocol(), arriving.destinationPort())
                        + ": "
                        + Sockets.refusal(arriving.protocol())));
      }
      delivered = arriving;
      reply =
          new ReplyWalk(origin, packet, hops.isKept())
              .from(network.node(node), arriving, answerFlags);
      return finish(
          Verdict.DELIVERED,
          () ->
              new Step.Delivered(
                  listener.get()
                      + " on "
                      + Sockets.portText(arriving.protocol(), arriving.destinationPort())));
    }

    /**
     * Ends the way with {@code verdict}, adding {@code last} to the last hop when the hops are kept
     * (made only then: the packets that close a connection are not traced).
     */
    private Verdict finish(Verdict verdict, Supplier<Step> last) {
      if (hops.isKept()) {
        hops.endWith(last.get());
      }
      return verdict;
    }

    /** What the way that ended with {@code verdict} came to, as {@link Trace#outcome} reads it. */
    PacketOutcome outcome(Verdict verdict) {
      Packet last = delivered;
      return new PacketOutcome(
          packet.sourceIpPort(),
          verdict,
          receiver,
          PacketOutcome.Answer.of(reply),
          verdict == Verdict.DELIVERED && last != null
              ? new PacketOutcome.Peers(last.sourceIpPort(), last.destinationIpPort())
              : null);
    }

    /** The trace of the way, which ended with {@code verdict}. */
    Trace trace(Verdict verdict) {
      return new Trace(
          packet.protocol(),
          packet.sourceIpPort(),
          packet.destinationIpPort(),
          verdict,
          endpoint,
          candidates,
          candidatesComplete,
          masqueraded,
          verdict == Verdict.REFUSED ? null : receiver,
          hops.list(),
          reply);
    }
  }

  /**
   * The answer to a delivered first packet, from the socket that got it back to the client: each
   * kernel's connection tracking undoes its NAT, the same next-hop function as the request's moves
   * it on, and the client accepts it only from the address and port it sent to.
   */
  private final class ReplyWalk {
    private final Origin origin;
    private final Packet sent;
    private final Hops hops;

    ReplyWalk(Origin origin, Packet sent, boolean kept) {
      this.origin = origin;
      this.sent = sent;
      this.hops = kept ? Hops.kept() : Hops.discarded();
    }

    /** The reply to {@code arrived}, with TCP {@code flags}, from the server's namespace. */
    Trace.Reply from(NetworkNamespace server, Packet arrived, int flags) {
      return onward(server, cross(server, arrived.reversed().withTcpFlags(flags), "", hops), 1);
    }

    /** What follows {@code at}'s verdict on the reply. */
    private Trace.Reply onward(NetworkNamespace at, HostJourney journey, int crossed) {
      if (crossed >= MAX_CROSSINGS) {
        return new Trace.Reply(
            false, "the reply crossed " + MAX_CROSSINGS + " namespaces (loop)", hops.list());
      }
      Packet last = journey.last();
      return switch (journey.outcome()) {
        case DROPPED, DISCARDED, REJECTED ->
            new Trace.Reply(
                false,
                !hops.isKept()
                    ? ""
                    : at.name().isHost()
                        ? "the reply was discarded on " + at.node()
                        : "the reply stayed in " + at.name(),
                hops.list());
        case DELIVERED_LOCALLY ->
            arrive(isClient(origin, at), last, () -> "a socket on node " + at.node());
        case FORWARDED ->
            nextHop(at, last)
                .accept(
                    new NextHop.Visitor<Trace.Reply>() {
                      @Override
                      public Trace.Reply visitNamespace(NextHop.Namespace hop) {
                        NetworkNamespace to = hop.to();
                        if (to.name().isHost()) {
                          return onward(to, cross(to, last, hop.inIface(), hops), crossed + 1);
                        }
                        if (!isClient(origin, to)) {
                          return arrive(false, last, () -> to.name().toString());
                        }
                        HostJourney in = journey(to, last, hop.inIface(), hops);
                        hops.addUntilSocket(to, in);
                        return arrive(true, in.last(), () -> "the client's socket");
                      }

                      @Override
                      public Trace.Reply visitOverlay(NextHop.Overlay hop) {
                        return onward(hop.to(), overlay(at, hop.to(), last, hops), crossed + 1);
                      }

                      @Override
                      public Trace.Reply visitOutside(NextHop.Outside hop) {
                        return outside(last);
                      }

                      @Override
                      public Trace.Reply visitUnreachable(NextHop.Unreachable hop) {
                        return outside(last);
                      }
                    });
      };
    }

    /** A reply that left the cluster's namespaces: it reaches the client if that is outside. */
    private Trace.Reply outside(Packet last) {
      return arrive(isClient(origin, null), last, () -> "the network outside the cluster");
    }

    /**
     * The reply that reached {@code where}; its texts and last step are made only when the hops are
     * kept (the packets that close a connection are not traced).
     */
    private Trace.Reply arrive(boolean toClient, Packet last, Supplier<String> where) {
      boolean same =
          toClient
              && last.sourceIpPort().equals(sent.destinationIpPort())
              && last.destinationIpPort().equals(sent.sourceIpPort());
      if (!hops.isKept()) {
        return new Trace.Reply(same, "", hops.list());
      }
      if (!toClient) {
        return new Trace.Reply(
            false,
            "the reply went to " + where.get() + ", not to the client",
            withEnd(where.get()));
      }
      if (!same) {
        return new Trace.Reply(
            false,
            "the reply reached the client from "
                + last.sourceIpPort()
                + ", not from "
                + sent.destinationIpPort()
                + ": the client's kernel does not recognise it and the connection fails",
            withEnd(where.get()));
      }
      return new Trace.Reply(
          true, "the reply reached the client from " + last.sourceIpPort(), withEnd(where.get()));
    }

    private List<Hop> withEnd(String where) {
      hops.endWith(new Step.Delivered(where));
      return hops.list();
    }
  }

  /** The pod namespace a trace starts in, if it starts in one. */
  private Optional<NetworkNamespace> clientPod(Origin origin) {
    return origin.accept(
        new Origin.Visitor<Optional<NetworkNamespace>>() {
          @Override
          public Optional<NetworkNamespace> visitNodeProcess(Origin.NodeProcess process) {
            return Optional.empty();
          }

          @Override
          public Optional<NetworkNamespace> visitPodClient(Origin.PodClient client) {
            return client.pod().isEmpty() ? Optional.empty() : network.pod(client.pod());
          }

          @Override
          public Optional<NetworkNamespace> visitExternal(Origin.External external) {
            return Optional.empty();
          }
        });
  }

  /**
   * Whether the client of {@code origin} is in {@code where} (null: the network outside the
   * cluster).
   */
  private static boolean isClient(Origin origin, @Nullable NetworkNamespace where) {
    return origin.accept(
        new Origin.Visitor<Boolean>() {
          @Override
          public Boolean visitNodeProcess(Origin.NodeProcess process) {
            return where != null && where.name().isHost() && where.node().equals(process.node());
          }

          @Override
          public Boolean visitPodClient(Origin.PodClient client) {
            return where != null
                && !where.name().isHost()
                && where.node().equals(client.node())
                && where.name().pod().equals(client.pod());
          }

          @Override
          public Boolean visitExternal(Origin.External external) {
            return where == null;
          }
        });
  }
}
