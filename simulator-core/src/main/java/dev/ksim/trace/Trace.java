package dev.ksim.trace;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedSet;
import dev.ksim.net.IpPort;
import dev.ksim.net.Protocol;
import dev.ksim.netfilter.hook.Translation;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What happened to one packet: its verdict, what the entry node's rules decided (the endpoint it
 * was DNATed to, every endpoint they could have chosen, whether it was masqueraded), who got it,
 * and the hops it made. The last step of the last hop agrees with the verdict.
 *
 * @param protocol the packet's protocol
 * @param source where it came from
 * @param destination where it was sent
 * @param verdict how it ended
 * @param endpoint the entry node's DNAT destination, or null
 * @param candidates every destination the entry node's rules could have chosen, when the caller
 *     asked for them (else empty)
 * @param candidatesComplete false when the search for candidates stopped at its bound ({@link
 *     dev.ksim.netfilter.hook.DnatCandidates#MAX_WALKS} walks of the nat table)
 * @param masqueraded whether it was source-NATed on its way
 * @param backend who received it, or null
 * @param hops the hops, in order
 * @param reply the answer's way back to the client, or null when nothing answered
 */
public record Trace(
    Protocol protocol,
    IpPort source,
    IpPort destination,
    Verdict verdict,
    @Nullable IpPort endpoint,
    Set<IpPort> candidates,
    boolean candidatesComplete,
    boolean masqueraded,
    @Nullable Backend backend,
    List<Hop> hops,
    @Nullable Reply reply) {

  /**
   * A pod (or node) that received the packet.
   *
   * @param namespace the pod's namespace ("" for a node)
   * @param pod the pod's name ("" for a node)
   * @param node the node it runs on
   */
  public record Backend(String namespace, String pod, String node) {}

  /**
   * The first answer (a SYN-ACK for TCP) on its way back through the nodes' connection tracking.
   *
   * @param returned whether it reached the client from the address and port the client sent to
   *     (else the client's kernel does not recognise it and the connection fails)
   * @param summary what became of it, in words
   * @param hops the hops, in order
   */
  public record Reply(boolean returned, String summary, List<Hop> hops) {
    public Reply {
      hops = ImmutableList.copyOf(hops);
    }
  }

  public Trace {
    candidates = ImmutableSortedSet.copyOf(candidates);
    hops = ImmutableList.copyOf(hops);
    checkArgument(!hops.isEmpty(), "a trace has at least one hop");
    Step last = hops.get(hops.size() - 1).steps().get(hops.get(hops.size() - 1).steps().size() - 1);
    checkArgument(
        agrees(verdict, last.action()),
        "the last step (%s) does not agree with the verdict %s",
        last.action(),
        verdict);
  }

  /**
   * What the packet came to, the facts a caller that shows no trace reads: the same as the data
   * path gives for a request it does not trace.
   */
  public PacketOutcome outcome() {
    return new PacketOutcome(
        source,
        verdict,
        receiver(),
        PacketOutcome.Answer.of(reply),
        verdict == Verdict.DELIVERED ? peers() : null);
  }

  /** Who accepted the packet, or where nothing listened: the namespace of the last hop. */
  private @Nullable Backend receiver() {
    if (verdict != Verdict.REFUSED) {
      return backend;
    }
    Hop last = hops.get(hops.size() - 1);
    if (last.netns().isHost()) {
      return new Backend("", "", last.node());
    }
    String[] name = last.netns().pod().split("/", 2);
    return new Backend(name[0], name[1], last.node());
  }

  /** The two ends as the receiver saw them: every translation of the hops applied. */
  private PacketOutcome.Peers peers() {
    IpPort client = source;
    IpPort server = destination;
    for (Hop hop : hops) {
      for (Step step : hop.steps()) {
        if (step instanceof Step.Translated translated) {
          Translation t = translated.translation();
          if (t.isSource()) {
            client = t.after();
          } else {
            server = t.after();
          }
        }
      }
    }
    return new PacketOutcome.Peers(client, server);
  }

  private static boolean agrees(Verdict verdict, StepAction last) {
    return switch (verdict) {
      case DELIVERED -> last == StepAction.DELIVERED;
      case DROPPED -> last == StepAction.DROPPED;
      case REJECTED -> last == StepAction.REJECTED;
      case REFUSED, UNREACHABLE ->
          last == StepAction.DROPPED || last == StepAction.REJECTED || last == StepAction.DELIVERED;
    };
  }
}
