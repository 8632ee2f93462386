package dev.ksim.netfilter.host;

import dev.ksim.net.Packet;
import dev.ksim.netfilter.conntrack.ConntrackEntry;
import dev.ksim.netfilter.conntrack.CtState;
import dev.ksim.netfilter.eval.HookTraversal;
import dev.ksim.netfilter.hook.FunctionRun;
import dev.ksim.netfilter.hook.Translation;
import java.util.List;

/** One thing that happened to a packet inside the host, in order. */
public sealed interface HostEvent {
  <R> R accept(Visitor<R> visitor);

  /** The hook functions that ran in this event (only a hook's passage has any). */
  default List<FunctionRun> functionRuns() {
    return List.of();
  }

  /**
   * One method per kind of event, for whoever turns events into something else.
   *
   * @param <R> what a visit returns
   */
  interface Visitor<R> {
    R visitEntered(Entered event);

    R visitTracked(Tracked event);

    R visitHooked(Hooked event);

    R visitTranslated(Translated event);

    R visitRouted(Routed event);

    R visitLeft(Left event);

    R visitDelivered(Delivered event);

    R visitDiscarded(Discarded event);
  }

  /** The packet entered the host: from a local process ({@code iface} "") or an interface. */
  record Entered(Packet packet, String iface) implements HostEvent {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitEntered(this);
    }
  }

  /** Conntrack looked the packet up. */
  record Tracked(ConntrackEntry entry, boolean created, CtState state) implements HostEvent {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitTracked(this);
    }
  }

  /** The packet crossed a hook. */
  record Hooked(HookTraversal traversal) implements HostEvent {
    @Override
    public List<FunctionRun> functionRuns() {
      return traversal.functions();
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitHooked(this);
    }
  }

  /** An address was rewritten. */
  record Translated(Translation translation) implements HostEvent {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitTranslated(this);
    }
  }

  /** The routing decision. */
  record Routed(String decision, String iface) implements HostEvent {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitRouted(this);
    }
  }

  /** The packet left by an interface. */
  record Left(String iface) implements HostEvent {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitLeft(this);
    }
  }

  /** The packet reached a local socket (not modelled, so it is accepted). */
  record Delivered(Packet packet) implements HostEvent {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitDelivered(this);
    }
  }

  /** The kernel dropped the packet outside the rules (martian, route_localnet, no route). */
  record Discarded(String reason) implements HostEvent {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitDiscarded(this);
    }
  }
}
