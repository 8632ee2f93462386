package dev.ksim.classroom;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * The page's plain-language titles and explanations of trace steps: what happened and why, in the
 * words a networking class uses, computed from the step's own fields (never written per cluster).
 *
 * @see <a href="https://kubernetes.io/docs/reference/networking/virtual-ips/">Virtual IPs and
 *     Service proxies</a>
 */
final class Why {
  private Why() {}

  /** One line naming the step, as the event list shows it. */
  static String title(JsonNode step) {
    return switch (step.path("type").asText()) {
      case "originated" ->
          "originated "
              + step.path("source").asText()
              + " -> "
              + step.path("destination").asText()
              + " "
              + step.path("protocol").asText();
      case "received" -> "received on " + step.path("iface").asText();
      case "conntrack" ->
          "conntrack "
              + step.path("state").asText()
              + (step.path("created").asBoolean() ? " (new entry)" : " (entry found)");
      case "hook" -> step.path("hook").asText() + " hook: " + step.path("verdict").asText();
      case "hookFunction" ->
          step.path("hook").asText()
              + " "
              + step.path("function").asText()
              + ": "
              + step.path("verdict").asText();
      case "nat" ->
          natName(step.path("kind").asText())
              + " "
              + (step.path("field").asText().equals("source") ? "src " : "dst ")
              + step.path("before").asText()
              + " -> "
              + step.path("after").asText();
      case "route" ->
          "routed: " + step.path("decision").asText() + " dev " + step.path("iface").asText();
      case "transmit" -> "transmitted on " + step.path("iface").asText();
      case "encapsulate" -> "VXLAN encapsulated (VNI " + step.path("vni").asText() + ")";
      case "decapsulate" -> "VXLAN decapsulated (VNI " + step.path("vni").asText() + ")";
      case "delivered" -> "delivered: " + step.path("where").asText();
      case "dropped" -> "dropped: " + step.path("reason").asText();
      default -> step.path("type").asText();
    };
  }

  /** Why the step did what it did. */
  static String explain(JsonNode step, JsonNode rules) {
    return switch (step.path("type").asText()) {
      case "originated" ->
          "A process opens a connection to "
              + step.path("destination").asText()
              + "; the kernel gives it the ephemeral source port of "
              + step.path("source").asText()
              + ".";
      case "received" ->
          "The packet arrives in this network namespace on "
              + step.path("iface").asText()
              + " and meets its netfilter hooks, starting with PREROUTING.";
      case "conntrack" -> conntrack(step);
      case "hook" -> hook(step, rules);
      case "hookFunction" ->
          step.path("function").asText()
              + " ran at "
              + step.path("hook").asText()
              + " (priority "
              + step.path("priority").asText()
              + ")"
              + (step.path("endpoint").isTextual()
                  ? " and chose " + step.path("endpoint").asText()
                  : "")
              + ".";
      case "nat" -> nat(step);
      case "route" ->
          "The routing table decides where the packet goes next now that its destination is "
              + "known: "
              + step.path("decision").asText()
              + ", out of "
              + step.path("iface").asText()
              + ".";
      case "transmit" ->
          "The packet leaves on " + step.path("iface").asText() + " towards the next hop.";
      case "encapsulate" ->
          "The destination pod is on another node: flannel's VXLAN device wraps the packet in a"
              + " UDP datagram from "
              + step.path("outerSource").asText()
              + " to "
              + step.path("outerDestination").asText()
              + "; the inner addresses stay as they are.";
      case "decapsulate" ->
          "The VXLAN device takes the outer headers off: the original packet goes on.";
      case "delivered" ->
          "A socket listens on the packet's destination: " + step.path("where").asText() + ".";
      case "dropped" -> "The packet goes no further: " + step.path("reason").asText() + ".";
      default -> "";
    };
  }

  /** What a DNS exchange found. */
  static String dns(JsonNode query, String rcode, String answers) {
    return "Before it can connect, the client's resolver asks "
        + query.path("server").asText()
        + " (CoreDNS, the kube-dns Service) for "
        + query.path("qname").asText()
        + ": "
        + (answers.isEmpty() ? rcode + ", so the next name of the search list is tried" : answers)
        + ".";
  }

  private static String conntrack(JsonNode step) {
    if (step.path("created").asBoolean()) {
      return "The first packet of this connection in this namespace: conntrack records its tuple ("
          + step.path("original").asText()
          + ") and the reply it expects ("
          + step.path("reply").asText()
          + "). Only this first packet walks the nat table; later ones reuse its decision.";
    }
    return "conntrack knows this connection ("
        + step.path("state").asText().toLowerCase(Locale.ROOT)
        + "): the NAT decided for its first packet is applied again and the nat table is not"
        + " walked.";
  }

  private static String hook(JsonNode step, JsonNode rules) {
    String hook = step.path("hook").asText();
    if (rules.isEmpty()) {
      return "No rule here matched at "
          + hook
          + ": each table's chain ends in its policy, "
          + step.path("verdict").asText()
          + ".";
    }
    StringBuilder why = new StringBuilder("At ").append(hook).append(' ');
    why.append(rules.size()).append(rules.size() == 1 ? " rule matched" : " rules matched");
    why.append(", ending in ").append(step.path("verdict").asText()).append('.');
    for (JsonNode rule : rules) {
      String text = rule.path("text").asText();
      if (rule.has("lookup")) {
        why.append(' ')
            .append(rule.path("chain").asText())
            .append(" looked the packet up in a map instead of walking one rule per Service: ")
            .append(rule.path("lookup").asText())
            .append('.');
      } else if (rule.has("probability")) {
        why.append(' ')
            .append(rule.path("chain").asText())
            .append(" picked this endpoint's chain with probability ")
            .append(String.format(Locale.ROOT, "%.3f", rule.path("probability").asDouble()))
            .append(" (the statistic match's random draw fell below it).");
      } else if (text.contains("-j KUBE-SVC-") || text.contains("-j KUBE-EXT-")) {
        why.append(' ')
            .append(rule.path("chain").asText())
            .append(" matched the Service's address and port (rule #")
            .append(rule.path("rule").asInt())
            .append(") and jumped to its chain.");
      } else if (text.contains("-j DNAT")) {
        why.append(" The endpoint's KUBE-SEP chain DNATs the packet to the pod.");
      } else if (text.contains("-j KUBE-MARK-MASQ")) {
        why.append(" The packet is marked 0x4000: KUBE-POSTROUTING will masquerade it.");
      } else if (text.contains("-j MASQUERADE")) {
        why.append(" Marked earlier, it is masqueraded: its source becomes this node's address.");
      }
    }
    return why.toString();
  }

  private static String nat(JsonNode step) {
    String before = step.path("before").asText();
    String after = step.path("after").asText();
    return switch (step.path("kind").asText()) {
      case "DNAT" ->
          "kube-proxy's DNAT rule rewrites the destination from "
              + before
              + " to the chosen endpoint "
              + after
              + "; the client still believes it talks to "
              + before
              + ".";
      case "SNAT" ->
          "The source is rewritten from "
              + before
              + " to "
              + after
              + " so that the reply has to come back through this node.";
      case "CONNTRACK_DNAT", "CONNTRACK_SNAT" ->
          "conntrack applies the connection's NAT again: " + before + " becomes " + after + ".";
      case "REVERSE_DNAT", "IPVS_UNMASQ" ->
          "conntrack undoes the DNAT on the reply: its source goes back from "
              + before
              + " to "
              + after
              + ", the address the client sent to, so the client's socket accepts it.";
      case "REVERSE_SNAT" ->
          "conntrack undoes the masquerade on the reply: its destination goes back from "
              + before
              + " to the client's own address "
              + after
              + ".";
      case "IPVS_MASQ" ->
          "IPVS (masquerading forwarding) sends the packet to the real server: destination "
              + before
              + " becomes "
              + after
              + ".";
      default -> before + " becomes " + after + ".";
    };
  }

  private static String natName(String kind) {
    return switch (kind) {
      case "DNAT", "CONNTRACK_DNAT", "IPVS_MASQ" -> "DNAT";
      case "SNAT", "CONNTRACK_SNAT" -> "SNAT";
      case "REVERSE_DNAT", "IPVS_UNMASQ" -> "un-DNAT";
      case "REVERSE_SNAT" -> "un-SNAT";
      default -> kind;
    };
  }
}
