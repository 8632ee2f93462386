package dev.ksim.scenario.shell;

import dev.ksim.net.IpPort;
import dev.ksim.net.Protocol;
import dev.ksim.netfilter.hook.Translation;
import dev.ksim.node.NetnsName;
import dev.ksim.trace.Hop;
import dev.ksim.trace.Step;
import dev.ksim.trace.StepVisitor;
import dev.ksim.trace.Trace;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Where a traced packet went through one network namespace's interfaces, with its addresses on each
 * wire: the trace's steps replayed in order, translations changing the addresses as they happen and
 * VXLAN wrapping the packet in an outer one between the nodes.
 */
final class PacketWalk implements StepVisitor<Boolean> {
  /** A packet in flight: its protocol and addresses. */
  private record Header(Protocol protocol, IpPort source, IpPort destination, String contents) {
    /** The answer to this packet: the ends swapped, with {@code answer} as its contents. */
    Header reversed(String answer) {
      return new Header(protocol, /* source= */ destination, /* destination= */ source, answer);
    }
  }

  private final String node;
  private final NetnsName netns;
  private final List<CapturedPacket> seen = new ArrayList<>();
  private final Deque<Header> inner = new ArrayDeque<>();
  private Header current;
  private boolean here;

  private PacketWalk(String node, NetnsName netns, Header first) {
    this.node = node;
    this.netns = netns;
    this.current = first;
  }

  /**
   * The packets of {@code trace} (its first packet, then its reply) seen in {@code netns} on {@code
   * node}; {@code request} and {@code reply} are what tcpdump prints of each after their addresses.
   */
  static List<CapturedPacket> of(
      Trace trace, String node, NetnsName netns, String request, String reply) {
    PacketWalk walk =
        new PacketWalk(
            node,
            netns,
            new Header(trace.protocol(), trace.source(), trace.destination(), request));
    walk.walk(trace.hops());
    Trace.Reply answer = trace.reply();
    if (answer != null) {
      while (!walk.inner.isEmpty()) {
        walk.current = walk.inner.pop();
      }
      Header delivered = walk.current;
      walk.current = delivered.reversed(reply);
      walk.walk(answer.hops());
    }
    return walk.seen;
  }

  /**
   * {@code address.port} as tcpdump prints an end of a TCP or UDP packet (the address alone else).
   */
  static String shown(IpPort end, Protocol protocol) {
    return protocol == Protocol.TCP || protocol == Protocol.UDP
        ? end.ip() + "." + end.port()
        : end.ip().toString();
  }

  private void walk(List<Hop> hops) {
    for (Hop hop : hops) {
      here = hop.node().equals(node) && hop.netns().equals(netns);
      hop.steps().forEach(step -> step.accept(this));
    }
  }

  /** Records the packet as it is on {@code iface} when the walk is in the captured namespace. */
  private boolean capture(String iface, boolean outbound) {
    if (here) {
      seen.add(
          new CapturedPacket(
              current.protocol(),
              current.source(),
              current.destination(),
              iface,
              outbound,
              current.contents()));
    }
    return here;
  }

  @Override
  public Boolean visitOriginated(Step.Originated step) {
    current = new Header(step.protocol(), step.source(), step.destination(), current.contents());
    return false;
  }

  @Override
  public Boolean visitReceived(Step.Received step) {
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
            ? new Header(current.protocol(), t.after(), current.destination(), current.contents())
            : new Header(current.protocol(), current.source(), t.after(), current.contents());
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
    String wrapped =
        "OTV, flags [I] (0x08), overlay 0, instance "
            + step.vni()
            + "\nIP "
            + shown(current.source(), current.protocol())
            + " > "
            + shown(current.destination(), current.protocol())
            + ": "
            + current.contents();
    current = new Header(Protocol.UDP, step.outerSource(), step.outerDestination(), wrapped);
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
