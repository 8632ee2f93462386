package dev.ksim.trace;

import dev.ksim.net.IpPort;
import org.jspecify.annotations.Nullable;

/**
 * What a connection's first packet came to, for a caller that shows no trace (a run of requests
 * that prints only the answers): how its way ended, whose sockets it reached, what became of the
 * answer, and the two ends as the receiver saw them. The data path gives it for a request without
 * recording a hop; {@link Trace#outcome} reads the same facts from a trace.
 *
 * @param source where the packet was sent from (the client's address and port)
 * @param verdict how its way ended
 * @param receiver the pod or node whose sockets it reached: the one that accepted it ({@link
 *     Verdict#DELIVERED}) or the one where nothing listened ({@link Verdict#REFUSED}); else null
 * @param answer what became of the answer to it
 * @param peers the two ends as the receiver saw them (every NAT on the way applied) when the packet
 *     was delivered, else null
 */
public record PacketOutcome(
    IpPort source,
    Verdict verdict,
    Trace.@Nullable Backend receiver,
    Answer answer,
    @Nullable Peers peers) {

  /** What became of the answer to a packet. */
  public enum Answer {
    /** Nothing answered (or the answer came from the world outside, which is not followed). */
    NONE,
    /** It reached the client from the address and port the client sent to. */
    RETURNED,
    /** It went astray: the client's kernel never recognises it, and the connection fails. */
    LOST;

    /** What became of the answer whose way back is {@code reply} (null: none was sent). */
    public static Answer of(Trace.@Nullable Reply reply) {
      if (reply == null) {
        return NONE;
      }
      return reply.returned() ? RETURNED : LOST;
    }
  }

  /**
   * The two ends of a connection as its server saw them.
   *
   * @param client the client, after any source NAT
   * @param server the server, after any DNAT
   */
  public record Peers(IpPort client, IpPort server) {}
}
