package dev.ksim.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ksim.net.IpPort;
import dev.ksim.netfilter.eval.ChainVisit;
import dev.ksim.netfilter.eval.HookTraversal;
import dev.ksim.netfilter.eval.RuleHit;
import dev.ksim.netfilter.eval.TableTraversal;
import dev.ksim.netfilter.hook.FunctionRun;
import dev.ksim.netfilter.hook.HookRecord;
import dev.ksim.netfilter.nft.eval.NftChainTraversal;
import dev.ksim.netfilter.nft.eval.NftChainVisit;
import dev.ksim.netfilter.nft.eval.NftRuleHit;
import dev.ksim.trace.Hop;
import dev.ksim.trace.Step;
import dev.ksim.trace.StepVisitor;
import dev.ksim.trace.Trace;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A trace as JSON, with the command-line contract's fields ({@code verdict}, {@code endpoint},
 * {@code candidates}, {@code masqueraded}, {@code backend}, {@code hops}) first.
 */
public final class TraceJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private TraceJson() {}

  /** One trace, with an optional {@code name} (batch items). */
  public static ObjectNode toJson(Trace trace, @Nullable String name) {
    ObjectNode node = NODES.objectNode();
    if (name != null) {
      node.put("name", name);
    }
    node.put("verdict", trace.verdict().name());
    if (trace.endpoint() == null) {
      node.putNull("endpoint");
    } else {
      node.put("endpoint", trace.endpoint().toString());
    }
    ArrayNode candidates = node.putArray("candidates");
    trace.candidates().forEach(c -> candidates.add(c.toString()));
    node.put("masqueraded", trace.masqueraded());
    Trace.Backend backend = trace.backend();
    if (backend == null) {
      node.putNull("backend");
    } else {
      ObjectNode b = node.putObject("backend");
      b.put("namespace", backend.namespace());
      b.put("pod", backend.pod());
      b.put("node", backend.node());
    }
    node.put("protocol", trace.protocol().token());
    node.put("source", trace.source().toString());
    node.put("destination", trace.destination().toString());
    hops(node.putArray("hops"), trace.hops());
    Trace.Reply reply = trace.reply();
    if (reply == null) {
      node.putNull("reply");
    } else {
      ObjectNode r = node.putObject("reply");
      r.put("returned", reply.returned());
      r.put("summary", reply.summary());
      hops(r.putArray("hops"), reply.hops());
    }
    return node;
  }

  private static void hops(ArrayNode into, List<Hop> hops) {
    for (Hop hop : hops) {
      ObjectNode h = into.addObject();
      h.put("node", hop.node());
      h.put("netns", hop.netns().toString());
      ArrayNode steps = h.putArray("steps");
      hop.steps().forEach(s -> steps.add(s.accept(STEP)));
    }
  }

  /** Text of a JSON value, indented, ending with a newline. */
  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An empty JSON object, for results built around traces. */
  public static ObjectNode node() {
    return NODES.objectNode();
  }

  /** A list of traces with their names. */
  public static ArrayNode list(List<ObjectNode> items) {
    ArrayNode array = NODES.arrayNode();
    items.forEach(array::add);
    return array;
  }

  private static ObjectNode step(Step step, String type) {
    ObjectNode node = NODES.objectNode();
    node.put("action", step.action().name());
    node.put("type", type);
    return node;
  }

  private static final StepVisitor<JsonNode> STEP =
      new StepVisitor<>() {
        @Override
        public JsonNode visitOriginated(Step.Originated s) {
          ObjectNode n = step(s, "originated");
          n.put("protocol", s.protocol().token());
          n.put("source", s.source().toString());
          n.put("destination", s.destination().toString());
          return n;
        }

        @Override
        public JsonNode visitReceived(Step.Received s) {
          return step(s, "received").put("iface", s.iface());
        }

        @Override
        public JsonNode visitConntrack(Step.ConntrackLookedUp s) {
          ObjectNode n = step(s, "conntrack");
          n.put("state", s.state().name());
          n.put("created", s.created());
          n.put("original", s.entry().original().text());
          n.put("reply", s.entry().reply().text());
          return n;
        }

        @Override
        public JsonNode visitHook(Step.HookTraversed s) {
          HookTraversal traversal = s.traversal();
          ObjectNode n = step(s, "hook");
          n.put("hook", traversal.hook().name());
          n.put("verdict", traversal.verdict().name());
          ObjectNode cost = n.putObject("cost");
          cost.put("rulesEvaluated", traversal.cost().rulesEvaluated());
          cost.put("matchesEvaluated", traversal.cost().matchesEvaluated());
          cost.put("setLookups", traversal.cost().setLookups());
          cost.put("conntrackLookups", traversal.cost().conntrackLookups());
          ArrayNode tables = n.putArray("tables");
          for (TableTraversal t : traversal.tables()) {
            ObjectNode tn = tables.addObject();
            tn.put("table", t.table().token());
            tn.put("verdict", t.verdict().name());
            tn.put("byPolicy", t.policyDecided());
            if (t.visit() != null) {
              tn.set("chain", chain(t.visit()));
            }
          }
          ArrayNode nftChains = n.putArray("nftChains");
          for (NftChainTraversal c : traversal.nftChains()) {
            ObjectNode cn = nftChains.addObject();
            cn.put("table", c.table());
            cn.put("chain", c.chain());
            cn.put("priority", c.priority());
            cn.put("verdict", c.walk().verdict().name());
            cn.put("byPolicy", c.walk().policyDecided());
            NftChainVisit visit = c.walk().visit();
            if (visit != null) {
              cn.set("visit", nftVisit(visit));
            }
          }
          return n;
        }

        @Override
        public JsonNode visitHookFunction(Step.HookFunctionRan s) {
          FunctionRun run = s.run();
          ObjectNode n = step(s, "hookFunction");
          n.put("hook", run.hook().name());
          n.put("function", run.name());
          n.put("priority", run.priority());
          n.put("verdict", run.result().verdict().name());
          HookRecord record = run.result().record();
          if (record != null) {
            ObjectNode decision = n.putObject("decision");
            record.facts().forEach(decision::put);
            IpPort endpoint = record.endpoint();
            if (endpoint == null) {
              n.putNull("endpoint");
            } else {
              n.put("endpoint", endpoint.toString());
            }
            ArrayNode candidates = n.putArray("candidates");
            record.candidates().forEach(c -> candidates.add(c.toString()));
            ArrayNode lines = n.putArray("lines");
            record.lines().forEach(lines::add);
          }
          return n;
        }

        @Override
        public JsonNode visitTranslated(Step.Translated s) {
          ObjectNode n = step(s, "nat");
          n.put("kind", s.translation().kind().name());
          n.put("hook", s.translation().hook().name());
          n.put("field", s.translation().isSource() ? "source" : "destination");
          n.put("before", s.translation().before().toString());
          n.put("after", s.translation().after().toString());
          return n;
        }

        @Override
        public JsonNode visitRouted(Step.Routed s) {
          ObjectNode n = step(s, "route");
          n.put("decision", s.decision());
          n.put("iface", s.iface());
          return n;
        }

        @Override
        public JsonNode visitTransmitted(Step.Transmitted s) {
          return step(s, "transmit").put("iface", s.iface());
        }

        @Override
        public JsonNode visitEncapsulated(Step.Encapsulated s) {
          ObjectNode n = step(s, "encapsulate");
          n.put("iface", s.iface());
          n.put("outerSource", s.outerSource().toString());
          n.put("outerDestination", s.outerDestination().toString());
          return n.put("vni", s.vni());
        }

        @Override
        public JsonNode visitDecapsulated(Step.Decapsulated s) {
          return step(s, "decapsulate").put("iface", s.iface()).put("vni", s.vni());
        }

        @Override
        public JsonNode visitDelivered(Step.Delivered s) {
          return step(s, "delivered").put("where", s.where());
        }

        @Override
        public JsonNode visitDropped(Step.Dropped s) {
          return step(s, "dropped").put("reason", s.reason());
        }
      };

  private static ObjectNode chain(ChainVisit visit) {
    ObjectNode n = NODES.objectNode();
    n.put("chain", visit.chain());
    n.put("exit", visit.exit().name());
    n.put("rulesEvaluated", visit.rulesEvaluated());
    ArrayNode hits = n.putArray("hits");
    for (RuleHit hit : visit.hits()) {
      ObjectNode h = hits.addObject();
      h.put("rule", hit.ruleNumber());
      h.put("text", hit.ruleText());
      h.put("matched", hit.matched());
      if (hit.missedOn() != null) {
        h.put("missedOn", hit.missedOn());
      }
      if (hit.target() != null) {
        h.put("target", hit.target().name());
      }
      if (hit.draw() != null) {
        h.put("probability", hit.draw());
      }
      if (hit.jumpedInto() != null) {
        h.set("jump", chain(hit.jumpedInto()));
      }
    }
    return n;
  }

  private static ObjectNode nftVisit(NftChainVisit visit) {
    ObjectNode n = NODES.objectNode();
    n.put("table", visit.table());
    n.put("chain", visit.chain());
    n.put("exit", visit.exit().name());
    n.put("rulesEvaluated", visit.rulesEvaluated());
    ArrayNode hits = n.putArray("hits");
    for (NftRuleHit hit : visit.hits()) {
      ObjectNode h = hits.addObject();
      h.put("rule", hit.ruleNumber());
      h.put("handle", hit.handle());
      h.put("text", hit.ruleText());
      h.put("matched", hit.matched());
      h.put("outcome", hit.outcome());
      if (hit.missedOn() != null) {
        h.put("missedOn", hit.missedOn());
      }
      if (hit.lookup() != null) {
        h.put("lookup", hit.lookup());
      }
      if (hit.jumpedInto() != null) {
        h.set("jump", nftVisit(hit.jumpedInto()));
      }
    }
    return n;
  }

  /** {@code ip:port} text, or "none". */
  static String orNone(@Nullable IpPort value) {
    return value == null ? "none" : value.toString();
  }
}
