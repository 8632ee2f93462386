package dev.ksim.classroom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ksim.view.TraceJson;
import java.util.List;

/**
 * A trace (in {@link TraceJson}'s form, the command line's JSON contract) as the page's event list:
 * one event per step of every hop — DNS exchanges first, then the request, then the reply — each
 * with a title, the rules that matched (as {@code iptables -S} prints them), the packet's addresses
 * before and after it, and a plain-language "why" ({@link Why}). Reading the JSON rather than the
 * trace records keeps the page on the contract other tools read.
 *
 * <p>Packet Tracer's event list is the model: a student steps through it forward and back.
 */
final class TraceEvents {
  private final ArrayNode events;
  private String source = "";
  private String destination = "";

  private TraceEvents(ArrayNode events) {
    this.events = events;
  }

  /** The events of {@code trace}, after those of its name lookup ({@code dns}, may be missing). */
  static ArrayNode of(JsonNode trace, JsonNode dns) {
    TraceEvents out = new TraceEvents(TraceJson.list(List.of()));
    for (JsonNode query : dns.path("queries")) {
      out.dns(query);
    }
    out.leg("request", trace.path("hops"));
    JsonNode reply = trace.path("reply");
    if (reply.isObject()) {
      out.leg("reply", reply.path("hops"));
    }
    return out.events;
  }

  private void dns(JsonNode query) {
    ObjectNode e = event("dns", 0, "", "", "dns", "ANSWERED");
    StringBuilder answers = new StringBuilder();
    for (JsonNode record : query.path("answer")) {
      answers.append(answers.length() == 0 ? "" : ", ").append(record.path("data").asText());
    }
    String rcode = query.path("rcode").isNull() ? "no reply" : query.path("rcode").asText();
    e.put(
        "title",
        "DNS "
            + query.path("qtype").asText()
            + "? "
            + query.path("qname").asText()
            + " -> "
            + rcode
            + (answers.length() == 0 ? "" : " " + answers));
    e.put("why", Why.dns(query, rcode, answers.toString()));
    packet(e.putObject("before"));
    packet(e.putObject("after"));
  }

  private void leg(String leg, JsonNode hops) {
    for (int h = 0; h < hops.size(); h++) {
      JsonNode hop = hops.get(h);
      for (JsonNode step : hop.path("steps")) {
        step(leg, h + 1, hop, step);
      }
    }
  }

  private void step(String leg, int hop, JsonNode where, JsonNode step) {
    String type = step.path("type").asText();
    ObjectNode e =
        event(
            leg,
            hop,
            where.path("node").asText(),
            where.path("netns").asText(),
            type,
            step.path("action").asText());
    if (type.equals("originated")) {
      source = step.path("source").asText();
      destination = step.path("destination").asText();
    }
    packet(e.putObject("before"));
    if (type.equals("nat")) {
      if (step.path("field").asText().equals("source")) {
        source = step.path("after").asText();
      } else {
        destination = step.path("after").asText();
      }
    }
    packet(e.putObject("after"));
    ArrayNode rules = e.putArray("rules");
    if (type.equals("hook")) {
      for (JsonNode table : step.path("tables")) {
        if (table.has("chain")) {
          rules(rules, table.path("table").asText(), table.get("chain"), 0);
        }
      }
      for (JsonNode chain : step.path("nftChains")) {
        if (chain.has("visit")) {
          nftRules(rules, chain.get("visit"), 0);
        }
      }
    }
    if (type.equals("hookFunction")) {
      step.path("lines").forEach(l -> rules.addObject().put("text", l.asText()).put("depth", 0));
    }
    if (type.equals("encapsulate")) {
      e.put(
          "outer",
          step.path("outerSource").asText()
              + " -> "
              + step.path("outerDestination").asText()
              + " udp (VXLAN, VNI "
              + step.path("vni").asText()
              + ")");
    }
    e.put("title", Why.title(step) + lookups(rules));
    e.put("why", Why.explain(step, rules));
    e.set("step", step);
  }

  private static void rules(ArrayNode into, String table, JsonNode visit, int depth) {
    for (JsonNode hit : visit.path("hits")) {
      ObjectNode r = into.addObject();
      r.put("table", table);
      r.put("chain", visit.path("chain").asText());
      r.put("rule", hit.path("rule").asInt());
      r.put("text", hit.path("text").asText());
      r.put("matched", hit.path("matched").asBoolean(true));
      r.put("depth", depth);
      if (hit.has("probability")) {
        r.put("probability", hit.path("probability").asDouble());
      }
      if (hit.has("jump")) {
        rules(into, table, hit.get("jump"), depth + 1);
      }
    }
  }

  /**
   * The rules an nftables chain walk decided with (as {@code nft list} prints them), each with what
   * its set or map lookup found.
   */
  private static void nftRules(ArrayNode into, JsonNode visit, int depth) {
    for (JsonNode hit : visit.path("hits")) {
      ObjectNode r = into.addObject();
      r.put("table", visit.path("table").asText());
      r.put("chain", visit.path("chain").asText());
      r.put("rule", hit.path("rule").asInt());
      r.put("text", hit.path("text").asText());
      r.put("matched", hit.path("matched").asBoolean(true));
      r.put("depth", depth);
      if (hit.has("lookup")) {
        r.put("lookup", hit.path("lookup").asText());
      }
      if (hit.has("jump")) {
        nftRules(into, hit.get("jump"), depth + 1);
      }
    }
  }

  /** The nftables map lookups among {@code rules}, for the event's title. */
  private static String lookups(JsonNode rules) {
    int count = 0;
    for (JsonNode rule : rules) {
      if (rule.has("lookup")) {
        count++;
      }
    }
    return count == 0 ? "" : count == 1 ? " (1 map lookup)" : " (" + count + " map lookups)";
  }

  private ObjectNode event(
      String leg, int hop, String node, String netns, String type, String action) {
    ObjectNode e = events.addObject();
    e.put("index", events.size() - 1);
    e.put("leg", leg);
    e.put("hop", hop);
    e.put("node", node);
    e.put("netns", netns);
    e.put("type", type);
    e.put("action", action);
    return e;
  }

  private void packet(ObjectNode into) {
    into.put("source", source);
    into.put("destination", destination);
  }
}
