package dev.ksim.scenario;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What a quiz question asks about the packet it traces (or the name it looks up). */
public enum QuestionKind {
  /** The name of the pod that receives the packet. */
  POD("pod"),
  /** The node the receiving pod runs on. */
  NODE("node"),
  /** The {@code ip:port} the entry node's rules DNATed the packet to. */
  ENDPOINT("endpoint"),
  /** Whether the packet was source-NATed (masqueraded) on its way: yes or no. */
  MASQUERADED("masqueraded"),
  /** How the trace ended: DELIVERED, DROPPED, REJECTED, REFUSED or UNREACHABLE. */
  VERDICT("verdict"),
  /** The chain the entry node's KUBE-SERVICES jumped to (a KUBE-SVC-, KUBE-EXT- ... chain). */
  SERVICE_CHAIN("service-chain"),
  /** How many endpoints the entry node's rules could have chosen. */
  ENDPOINTS("endpoints"),
  /** The addresses {@code dig +short NAME} prints in the pod, in its order. */
  DIG("dig");

  private final String token;

  QuestionKind(String token) {
    this.token = token;
  }

  /** The spelling in scenario files. */
  public String token() {
    return token;
  }

  /** The kind spelled {@code token} in a scenario file. */
  public static Optional<QuestionKind> tryParse(String token) {
    return Arrays.stream(values()).filter(k -> k.token.equals(token)).findFirst();
  }

  /** Every spelling, for messages. */
  public static List<String> tokens() {
    return Arrays.stream(values()).map(QuestionKind::token).toList();
  }
}
