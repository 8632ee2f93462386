package dev.ksim.datapath;

import dev.ksim.netfilter.host.HostJourney;
import dev.ksim.node.NetworkNamespace;
import dev.ksim.trace.Hop;
import dev.ksim.trace.HostTraces;
import dev.ksim.trace.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * The hops of one trace as it is built, or none: the packets that only complete a connection (the
 * client's ACK, the FIN exchange), and the first packets of requests whose callers read only what
 * they came to, go through every kernel like a traced one, but nobody reads their traces, so their
 * hops are not built.
 */
final class Hops {
  private final boolean kept;
  private final List<Hop> list = new ArrayList<>();

  private Hops(boolean kept) {
    this.kept = kept;
  }

  /** Hops that are recorded. */
  static Hops kept() {
    return new Hops(true);
  }

  /** Hops that nobody reads: nothing is built, so one instance serves every such journey. */
  static Hops discarded() {
    return DISCARDED;
  }

  private static final Hops DISCARDED = new Hops(false);

  /** Whether a trace built on these hops is read (else its texts need not be built either). */
  boolean isKept() {
    return kept;
  }

  /** Adds {@code namespace}'s hop: the steps of {@code journey}. */
  void add(NetworkNamespace namespace, HostJourney journey) {
    if (kept) {
      list.add(new Hop(namespace.node(), namespace.name(), HostTraces.steps(journey)));
    }
  }

  /**
   * Adds a pod kernel's hop for a packet it accepted, without the generic "delivered" at the end:
   * the caller says which socket got it, or that none did.
   */
  void addUntilSocket(NetworkNamespace pod, HostJourney journey) {
    if (!kept) {
      return;
    }
    List<Step> steps = HostTraces.steps(journey);
    if (!steps.isEmpty() && steps.get(steps.size() - 1) instanceof Step.Delivered) {
      steps.remove(steps.size() - 1);
    }
    list.add(new Hop(pod.node(), pod.name(), steps));
  }

  /** Adds {@code step} to the last hop. */
  void endWith(Step step) {
    if (!kept) {
      return;
    }
    Hop hop = list.remove(list.size() - 1);
    List<Step> steps = new ArrayList<>(hop.steps());
    steps.add(step);
    list.add(new Hop(hop.node(), hop.netns(), steps));
  }

  /** The hops so far (none when they are discarded). */
  List<Hop> list() {
    return kept ? list : List.of();
  }
}
