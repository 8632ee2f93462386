package dev.ksim.scenario.shell;

import dev.ksim.net.IpPort;
import dev.ksim.net.Protocol;
import dev.ksim.netfilter.hook.Translation;
import dev.ksim.node.NetnsName;
import dev.ksim.trace.Hop;
import dev.ksim.trace.Step;
import dev.ksim.trace.StepVisitor;
import dev.ksim.trace.Trace;
import dev.ksim.trace.Verdict;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where a traced packet went through one network namespace's interfaces, with its addresses on each
 * wire: the trace's steps replayed in order, translations changing the addresses as they happen and
 * VXLAN wrapping the packet in an outer one between the nodes.
 */
final class PacketWalk implements StepVisitor<Boolean> {
  /** A packet in flight: its protocol and addresses, and the packet it carries in a tunnel. */
  private record Header(
      Protocol protocol, IpPort source, IpPort destination, Wire.@Nullable Tunnel tunnel) {}

  /**
   * Where the first packet of a traced flow and its answer crossed the captured namespace.
   *
   * @param request the first packet's wires, in order
   * @param reply the answer's wires, in order (empty when nothing answered)
   * @param answered whether the answer reached the client, so that the flow went on
   * @param arrival where the first packet arrived in the namespace it ended in, or null when it
   *     ended where it was sent from
   */
  record Paths(List<Wire> request, List<Wire> reply, boolean answered, @Nullable Arrival arrival) {
    Paths {
      request = List.copyOf(request);
      reply = List.copyOf(reply);
    }

    /**
     * The wires an answer sent back from where the first packet ended takes when the trace has no
     * way back: the request's wires in reverse, each crossed the other way.
     */
    List<Wire> mirrored() {
      List<Wire> back = new ArrayList<>();
      for (int i = request.size() - 1; i >= 0; i--) {
        back.add(request.get(i).reversed());
      }
      return back;
    }
  }

  /** The interface by which a packet arrived in a node's namespace. */
  record Arrival(String node, NetnsName netns, String iface) {}

  private final String node;
  private final NetnsName netns;
  private @Nullable Arrival arrival;
  private String hopNode;
  private NetnsName hopNetns;
  private final List<Wire> seen = new ArrayList<>();
  private final Deque<Header> inner = new ArrayDeque<>();
  private Header current;
  private boolean here;

  private PacketWalk(String node, NetnsName netns, Header first) {
    this.node = node;
    this.netns = netns;
    this.current = first;
    this.hopNode = node;
    this.hopNetns = netns;
  }

  /**
   * The wires of {@code trace}'s first packet, then of its reply, in {@code netns} on {@code node}.
   */
  static Paths of(Trace trace, String node, NetnsName netns) {
    PacketWalk walk =
        new PacketWalk(
            node, netns, new Header(trace.protocol(), trace.source(), trace.destination(), null));
    walk.walk(trace.hops());
    List<Wire> request = List.copyOf(walk.seen);
    Arrival arrival = walk.arrival;
    Trace.Reply answer = trace.reply();
    if (answer == null) {
      // an answer from outside the cluster comes back the way the packet left
      boolean outside = trace.verdict() == Verdict.DELIVERED;
      Paths sent = new Paths(request, List.of(), false, arrival);
      return outside ? new Paths(request, sent.mirrored(), true, arrival) : sent;
    }
    while (!walk.inner.isEmpty()) {
      walk.current = walk.inner.pop();
    }
    Header delivered = walk.current;
    walk.current =
        new Header(
            delivered.protocol(),
            /* source= */ delivered.destination(),
            /* destination= */ delivered.source(),
            null);
    walk.seen.clear();
    walk.walk(answer.hops());
    return new Paths(request, walk.seen, answer.returned(), arrival);
  }

  private void walk(List<Hop> hops) {
    for (Hop hop : hops) {
      here = hop.node().equals(node) && hop.netns().equals(netns);
      arrival = null;
      hopNode = hop.node();
      hopNetns = hop.netns();
      hop.steps().forEach(step -> step.accept(this));
    }
  }

  /** Records the packet as it is on {@code iface} when the walk is in the captured namespace. */
  private boolean capture(String iface, boolean outbound) {
    if (here) {
      seen.add(
          new Wire(
              current.protocol(),
              current.source(),
              current.destination(),
              iface,
              outbound,
              current.tunnel()));
    }
    return here;
  }

  @Override
  public Boolean visitOriginated(Step.Originated step) {
    current = new Header(step.protocol(), step.source(), step.destination(), current.tunnel());
    return false;
  }

  @Override
  public Boolean visitReceived(Step.Received step) {
    arrival = new Arrival(hopNode, hopNetns, step.iface());
    return capture(step.iface(), false);
  }

  @Override
  public Boolean visitConntrack(Step.ConntrackLookedUp step) {
    return false;
  }

  @Override
  public Boolean visitHook(Step.HookTraversed step) {
    return false;
  }

  @Override
  public Boolean visitHookFunction(Step.HookFunctionRan step) {
    Translation translation = step.run().result().translation();
    if (translation != null) {
      translate(translation);
    }
    return false;
  }

  @Override
  public Boolean visitTranslated(Step.Translated step) {
    translate(step.translation());
    return false;
  }

  private void translate(Translation t) {
    current =
        t.isSource()
            ? new Header(current.protocol(), t.after(), current.destination(), current.tunnel())
            : new Header(current.protocol(), current.source(), t.after(), current.tunnel());
  }

  @Override
  public Boolean visitRouted(Step.Routed step) {
    return false;
  }

  @Override
  public Boolean visitTransmitted(Step.Transmitted step) {
    return capture(step.iface(), true);
  }

  @Override
  public Boolean visitDelivered(Step.Delivered step) {
    return false;
  }

  @Override
  public Boolean visitDropped(Step.Dropped step) {
    return false;
  }

  @Override
  public Boolean visitEncapsulated(Step.Encapsulated step) {
    inner.push(current);
    Wire.Tunnel tunnel =
        new Wire.Tunnel(step.vni(), current.protocol(), current.source(), current.destination());
    current = new Header(Protocol.UDP, step.outerSource(), step.outerDestination(), tunnel);
    return false;
  }

  @Override
  public Boolean visitDecapsulated(Step.Decapsulated step) {
    if (!inner.isEmpty()) {
      current = inner.pop();
    }
    return false;
  }
}
