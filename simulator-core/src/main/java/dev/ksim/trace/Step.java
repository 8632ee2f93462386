package dev.ksim.trace;

import dev.ksim.net.IpPort;
import dev.ksim.net.Protocol;
import dev.ksim.netfilter.conntrack.ConntrackEntry;
import dev.ksim.netfilter.conntrack.CtState;
import dev.ksim.netfilter.eval.HookTraversal;
import dev.ksim.netfilter.hook.FunctionRun;
import dev.ksim.netfilter.hook.HookVerdict;
import dev.ksim.netfilter.hook.Translation;

/** One thing that happened to the packet inside a hop. */
public sealed interface Step {
  StepAction action();

  <R> R accept(StepVisitor<R> visitor);

  /** A process (or a client outside) sent the packet. */
  record Originated(Protocol protocol, IpPort source, IpPort destination) implements Step {
    @Override
    public StepAction action() {
      return StepAction.ORIGINATED;
    }

    @Override
    public <R> R accept(StepVisitor<R> visitor) {
      return visitor.visitOriginated(this);
    }
  }

  /** The packet arrived on an interface. */
  record Received(String iface) implements Step {
    @Override
    public StepAction action() {
      return StepAction.RECEIVED;
    }

    @Override
    public <R> R accept(StepVisitor<R> visitor) {
      return visitor.visitReceived(this);
    }
  }

  /** Conntrack found the packet's connection, or started one. */
  record ConntrackLookedUp(ConntrackEntry entry, CtState state, boolean created) implements Step {
    @Override
    public StepAction action() {
      return created ? StepAction.SETUP_SESSION : StepAction.MATCHED_SESSION;
    }

    @Override
    public <R> R accept(StepVisitor<R> visitor) {
      return visitor.visitConntrack(this);
    }
  }

  /** The packet crossed a netfilter hook: every table consulted and the rules that matched. */
  record HookTraversed(HookTraversal traversal) implements Step {
    @Override
    public StepAction action() {
      return switch (traversal.verdict()) {
        case ACCEPT -> StepAction.ACCEPTED;
        case DROP -> StepAction.DROPPED;
        case REJECT -> StepAction.REJECTED;
      };
    }

    public HookVerdict verdict() {
      return traversal.verdict();
    }

    @Override
    public <R> R accept(StepVisitor<R> visitor) {
      return visitor.visitHook(this);
    }
  }

  /** An address and port were rewritten (NAT, or conntrack applying or undoing it). */
  record Translated(Translation translation) implements Step {
    @Override
    public StepAction action() {
      return StepAction.TRANSFORMED;
    }

    @Override
    public <R> R accept(StepVisitor<R> visitor) {
      return visitor.visitTranslated(this);
    }
  }

  /** The routing decision. */
  record Routed(String decision, String iface) implements Step {
    @Override
    public StepAction action() {
      return StepAction.FORWARDED;
    }

    @Override
    public <R> R accept(StepVisitor<R> visitor) {
      return visitor.visitRouted(this);
    }
  }

  /** The packet left by an interface. */
  record Transmitted(String iface) implements Step {
    @Override
    public StepAction action() {
      return StepAction.TRANSMITTED;
    }

    @Override
    public <R> R accept(StepVisitor<R> visitor) {
      return visitor.visitTransmitted(this);
    }
  }

  /** The packet reached its end: a socket, or the world outside. */
  record Delivered(String where) implements Step {
    @Override
    public StepAction action() {
      return StepAction.DELIVERED;
    }

    @Override
    public <R> R accept(StepVisitor<R> visitor) {
      return visitor.visitDelivered(this);
    }
  }

  /**
   * The packet went no further for a reason outside the rules: the kernel discarded it (a martian),
   * nothing listened on its port (REFUSED), or nobody has its address (UNREACHABLE); {@code reason}
   * says which.
   */
  record Dropped(String reason) implements Step {
    @Override
    public StepAction action() {
      return StepAction.DROPPED;
    }

    @Override
    public <R> R accept(StepVisitor<R> visitor) {
      return visitor.visitDropped(this);
    }
  }

  /**
   * An overlay device wrapped the packet for another node: VXLAN in UDP, outer addresses the
   * nodes'.
   *
   * @param iface the overlay device ({@code flannel.1})
   * @param outerSource this node's address and the UDP source port
   * @param outerDestination the other node's address and the VXLAN port
   * @param vni the VXLAN network identifier
   */
  record Encapsulated(String iface, IpPort outerSource, IpPort outerDestination, int vni)
      implements Step {
    @Override
    public StepAction action() {
      return StepAction.ENCAPSULATED;
    }

    @Override
    public <R> R accept(StepVisitor<R> visitor) {
      return visitor.visitEncapsulated(this);
    }
  }

  /** The overlay device unwrapped a VXLAN packet; the inner packet enters by {@code iface}. */
  record Decapsulated(String iface, int vni) implements Step {
    @Override
    public StepAction action() {
      return StepAction.DECAPSULATED;
    }

    @Override
    public <R> R accept(StepVisitor<R> visitor) {
      return visitor.visitDecapsulated(this);
    }
  }

  /**
   * A function registered at a hook beside the iptables tables decided something about the packet:
   * IPVS matching a virtual service, its scheduler's choice, a persistence template or connection
   * entry reused, the hand-over to the real server (the run's record says it in words and facts).
   */
  record HookFunctionRan(FunctionRun run) implements Step {
    @Override
    public StepAction action() {
      return switch (run.result().verdict()) {
        case ACCEPT ->
            run.result().translation() != null ? StepAction.TRANSFORMED : StepAction.ACCEPTED;
        case DROP -> StepAction.DROPPED;
        case REJECT -> StepAction.REJECTED;
      };
    }

    @Override
    public <R> R accept(StepVisitor<R> visitor) {
      return visitor.visitHookFunction(this);
    }
  }
}
