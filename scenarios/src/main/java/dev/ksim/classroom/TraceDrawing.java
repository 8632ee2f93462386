package dev.ksim.classroom;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One trace drawn as a standalone SVG picture for slides: the cluster (the outside world, the
 * Services, the nodes with their pods) and the packet's path over it, a numbered mark at every
 * place it crosses (a pod's or a node's network namespace, the outside world), request and reply in
 * their own colours, and beside each mark the addresses the packet carries there; where NAT
 * rewrites them the mark says so (DNAT at the entry node, SNAT/masquerade, the reply un-NATed). A
 * table under the drawing lists the same hops in words. Style inline, no script, no link: it opens
 * in a browser, an image viewer or a slide editor without anything else.
 *
 * <p>Each hop is a {@code <g class="hop">} whose {@code data-*} attributes carry what it shows
 * (leg, place, addresses in and out, NAT), so tools can read the picture as data.
 */
final class TraceDrawing {
  private static final String STYLE =
      """
      <style>
      text { font-family: sans-serif; font-size: 12px; fill: #1d2433; }
      .title { font-size: 14px; font-weight: bold; }
      .mono { font-family: monospace; white-space: pre; }
      .node rect { fill: #eef3fb; stroke: #6c85b3; }
      .pod rect { fill: #ffffff; stroke: #8aa2cf; }
      .service rect { fill: #fff6e0; stroke: #c89b2c; }
      .outside rect { fill: #eaf6ec; stroke: #57a36a; }
      .path-request { stroke: #d9480f; fill: none; stroke-width: 2.5; }
      .path-reply { stroke: #1c7ed6; fill: none; stroke-width: 2.5; stroke-dasharray: 6 3; }
      .hop-request circle { fill: #d9480f; }
      .hop-reply circle { fill: #1c7ed6; }
      .hop circle + text { fill: #ffffff; font-weight: bold; }
      .nat { fill: #c92a2a; font-weight: bold; }
      .nat-label { fill: #c92a2a; font-size: 11px; font-weight: bold; }
      </style>
      """;
  private static final double NODE_W = 300;
  private static final double POD_H = 26;
  private static final double GAP = 24;
  private static final double SVC_W = 260;
  private static final double SVC_H = 40;
  private static final double ROW_H = 18;
  private static final double MONO_CHAR_W = 7.3;
  private static final Comparator<Point> POINT_ORDER =
      Comparator.comparingDouble(Point::x).thenComparingDouble(Point::y);

  /** Where a place is drawn: the point a path mark goes to. */
  private record Point(double x, double y) {}

  /** One hop of the path: where the packet was and what it carried in and out. */
  private record Hop(
      int number,
      String leg,
      String node,
      String netns,
      String sourceIn,
      String destinationIn,
      String sourceOut,
      String destinationOut,
      List<String> nat) {
    String where() {
      return netns.equals("host") ? "node " + node : netns.isEmpty() ? "outside" : netns;
    }
  }

  private final Map<String, Point> places = new TreeMap<>();
  private final SvgWriter svg = new SvgWriter();

  private TraceDrawing() {}

  /**
   * The picture of {@code trace} ({@link Lesson#trace}'s answer) on {@code cluster} ({@link
   * ClusterView}'s).
   */
  static String of(JsonNode cluster, JsonNode trace) {
    return new TraceDrawing().draw(cluster, trace);
  }

  private String draw(JsonNode cluster, JsonNode trace) {
    List<Hop> hops = hops(trace.path("events"));
    JsonNode nodes = cluster.path("nodes");
    int cols = Math.max(1, (int) Math.ceil(Math.sqrt(nodes.size())));
    int mostPods = 1;
    for (JsonNode node : nodes) {
      mostPods = Math.max(mostPods, node.path("pods").size());
    }
    double nodeH = 60 + POD_H * mostPods;
    JsonNode services = cluster.path("services");
    double width = Math.max(960, 20 + cols * (NODE_W + GAP));
    for (Hop hop : hops) {
      String nat = String.join("; ", hop.nat());
      width = Math.max(width, 30 + MONO_CHAR_W * (row(hop).length() + nat.length()));
    }
    int perRow = Math.max(1, (int) ((width - 200) / (SVC_W + 10)));
    double nodesTop = 50 + Math.ceil(Math.max(1, services.size()) / (double) perRow) * 48 + 20;
    int rows = (int) Math.ceil(nodes.size() / (double) cols);
    double tableTop = nodesTop + rows * (nodeH + GAP) + 20;
    double height = tableTop + 30 + (hops.size() + 2) * ROW_H;
    svg.raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .open(
            "svg",
            "xmlns",
            "http://www.w3.org/2000/svg",
            "width",
            width,
            "height",
            height,
            "viewBox",
            "0 0 " + (int) width + " " + (int) height)
        .raw(STYLE)
        .empty("rect", "x", 0, "y", 0, "width", width, "height", height, "fill", "#ffffff")
        .text("text", title(trace), "class", "title", "x", 10, "y", 22);
    outside();
    services(services, perRow);
    nodes(nodes, cols, nodesTop, nodeH);
    path(hops);
    table(hops, trace, tableTop);
    return svg.close("svg").toString();
  }

  private static String title(JsonNode trace) {
    JsonNode t = trace.path("trace");
    JsonNode request = trace.path("request");
    String head =
        "ksim trace "
            + request.path("from").asText()
            + " -> "
            + request.path("to").asText()
            + " "
            + request.path("protocol").asText();
    if (!t.isObject()) {
      return head + ": " + trace.path("error").asText();
    }
    return head
        + ": "
        + t.path("verdict").asText()
        + (t.path("endpoint").isTextual() ? ", endpoint " + t.path("endpoint").asText() : "")
        + (t.path("masqueraded").asBoolean() ? ", masqueraded" : "");
  }

  private void outside() {
    svg.open("g", "class", "outside")
        .empty("rect", "x", 10, "y", 40, "width", 160, "height", SVC_H, "rx", 20)
        .text("text", "outside world", "x", 90, "y", 64, "text-anchor", "middle")
        .close("g");
    places.put("outside", new Point(90, 40 + SVC_H / 2));
  }

  private void services(JsonNode services, int perRow) {
    for (int i = 0; i < services.size(); i++) {
      JsonNode s = services.get(i);
      double x = 190 + (i % perRow) * (SVC_W + 10);
      int row = i / perRow;
      double y = 40 + row * 48;
      StringBuilder ports = new StringBuilder();
      for (JsonNode p : s.path("ports")) {
        ports.append(' ').append(p.path("port").asInt());
        if (p.has("nodePort")) {
          ports.append(':').append(p.path("nodePort").asInt());
        }
        ports.append('/').append(p.path("protocol").asText());
      }
      String name = s.path("namespace").asText() + "/" + s.path("name").asText();
      svg.open("g", "class", "service", "data-service", name)
          .empty("rect", "x", x, "y", y, "width", SVC_W, "height", SVC_H, "rx", 6)
          .text("text", "svc " + name + " " + s.path("type").asText(), "x", x + 8, "y", y + 16)
          .text(
              "text",
              s.path("clusterIP").asText() + ports,
              "class",
              "mono",
              "x",
              x + 8,
              "y",
              y + 32)
          .close("g");
    }
  }

  private void nodes(JsonNode nodes, int cols, double top, double nodeH) {
    for (int i = 0; i < nodes.size(); i++) {
      JsonNode n = nodes.get(i);
      int row = i / cols;
      double x = 10 + (i % cols) * (NODE_W + GAP);
      double y = top + row * (nodeH + GAP);
      String name = n.path("name").asText();
      svg.open("g", "class", "node", "data-node", name)
          .empty("rect", "x", x, "y", y, "width", NODE_W, "height", nodeH, "rx", 8)
          .text("text", name, "class", "title", "x", x + 10, "y", y + 20)
          .text(
              "text",
              n.path("address").asText() + "  kube-proxy " + n.path("mode").asText(),
              "x",
              x + 10,
              "y",
              y + 38);
      places.put("node " + name, new Point(x + NODE_W - 40, y + 22));
      JsonNode pods = n.path("pods");
      for (int j = 0; j < pods.size(); j++) {
        JsonNode p = pods.get(j);
        double py = y + 50 + j * POD_H;
        String key = p.path("namespace").asText() + "/" + p.path("name").asText();
        svg.open("g", "class", "pod", "data-pod", key)
            .empty("rect", "x", x + 10, "y", py, "width", NODE_W - 20, "height", POD_H - 5, "rx", 4)
            .text(
                "text",
                p.path("name").asText() + "  " + p.path("ip").asText(),
                "x",
                x + 16,
                "y",
                py + 15)
            .close("g");
        places.put("pod " + key, new Point(x + NODE_W - 30, py + 10));
      }
      svg.close("g");
    }
  }

  /** The path's lines, then its marks over them, each with the addresses carried out of it. */
  private void path(List<Hop> hops) {
    Point previous = null;
    String previousLeg = "";
    for (Hop hop : hops) {
      Point at = place(hop);
      if (previous != null && !previous.equals(at) && previousLeg.equals(hop.leg())) {
        svg.empty(
            "line",
            "class",
            "path-" + hop.leg(),
            "x1",
            previous.x(),
            "y1",
            previous.y(),
            "x2",
            at.x(),
            "y2",
            at.y());
      }
      previous = at;
      previousLeg = hop.leg();
    }
    Map<Point, Integer> marksAt = new TreeMap<>(POINT_ORDER);
    for (Hop hop : hops) {
      Point at = place(hop);
      int stacked = marksAt.merge(at, 1, Integer::sum) - 1;
      double x = at.x() + stacked * 22;
      double y = at.y();
      svg.open(
              "g",
              "class",
              "hop hop-" + hop.leg(),
              "id",
              "hop-" + hop.number(),
              "data-hop",
              hop.number(),
              "data-leg",
              hop.leg(),
              "data-where",
              hop.where(),
              "data-source-in",
              hop.sourceIn(),
              "data-destination-in",
              hop.destinationIn(),
              "data-source-out",
              hop.sourceOut(),
              "data-destination-out",
              hop.destinationOut(),
              "data-nat",
              String.join("; ", hop.nat()))
          .empty("circle", "cx", x, "cy", y, "r", 9)
          .text(
              "text", Integer.toString(hop.number()), "x", x, "y", y + 4, "text-anchor", "middle");
      for (int k = 0; k < hop.nat().size(); k++) {
        svg.text("text", hop.nat().get(k), "class", "nat-label", "x", x + 14, "y", y - 10 - 13 * k);
      }
      svg.close("g");
    }
  }

  private void table(List<Hop> hops, JsonNode trace, double top) {
    double y = top;
    svg.text("text", "hop  where  packet in -> packet out", "class", "title", "x", 10, "y", y);
    for (JsonNode query : trace.path("dns").path("queries")) {
      y += ROW_H;
      StringBuilder answers = new StringBuilder();
      for (JsonNode record : query.path("answer")) {
        answers.append(' ').append(record.path("data").asText());
      }
      svg.text(
          "text",
          "DNS  "
              + query.path("qtype").asText()
              + "? "
              + query.path("qname").asText()
              + " ->"
              + (answers.length() == 0 ? " " + query.path("rcode").asText() : answers),
          "class",
          "mono",
          "x",
          10,
          "y",
          y);
    }
    for (Hop hop : hops) {
      y += ROW_H;
      svg.open("text", "class", "mono hop-row", "data-hop", hop.number(), "x", 10, "y", y)
          .text("tspan", row(hop));
      if (!hop.nat().isEmpty()) {
        svg.text("tspan", "  " + String.join("; ", hop.nat()), "class", "nat");
      }
      svg.close("text");
    }
  }

  /** The hop as the table's row shows it, its NAT left out. */
  private static String row(Hop hop) {
    String in = hop.sourceIn() + " > " + hop.destinationIn();
    String out = hop.sourceOut() + " > " + hop.destinationOut();
    return String.format(
        Locale.ROOT,
        "%2d %-7s %-22s %s%s",
        hop.number(),
        hop.leg(),
        hop.where(),
        in,
        out.equals(in) ? "" : "  ->  " + out);
  }

  private Point place(Hop hop) {
    String key =
        hop.netns().startsWith("pod ")
            ? hop.netns()
            : hop.netns().equals("host") ? "node " + hop.node() : "outside";
    Point outside = places.getOrDefault("outside", new Point(0, 0));
    return places.getOrDefault(key, outside);
  }

  /** The trace's events grouped into hops, request then reply, numbered from 1. */
  private static List<Hop> hops(JsonNode events) {
    Map<String, List<JsonNode>> byHop = new LinkedHashMap<>();
    for (JsonNode e : events) {
      String leg = e.path("leg").asText();
      if (!leg.equals("dns")) {
        byHop.computeIfAbsent(leg + " " + e.path("hop").asInt(), k -> new ArrayList<>()).add(e);
      }
    }
    List<Hop> hops = new ArrayList<>();
    for (List<JsonNode> steps : byHop.values()) {
      JsonNode first = steps.get(0);
      JsonNode last = steps.get(steps.size() - 1);
      List<String> nat = new ArrayList<>();
      for (JsonNode step : steps) {
        if (step.path("type").asText().equals("nat")) {
          nat.add(step.path("title").asText());
        }
      }
      hops.add(
          new Hop(
              hops.size() + 1,
              first.path("leg").asText(),
              first.path("node").asText(),
              first.path("netns").asText(),
              first.path("before").path("source").asText(),
              first.path("before").path("destination").asText(),
              last.path("after").path("source").asText(),
              last.path("after").path("destination").asText(),
              List.copyOf(nat)));
    }
    return hops;
  }
}
