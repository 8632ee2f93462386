package dev.ksim.classroom;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ksim.cluster.Cluster;
import dev.ksim.input.KsimInputException;
import dev.ksim.scenario.Scenario;
import dev.ksim.view.TraceJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The classroom's HTTP server (the JDK's {@code com.sun.net.httpserver}, no other dependency): the
 * page and its files from the jar, and the JSON API the page calls.
 *
 * <pre>
 * GET  /api/cluster                      nodes, pods, Services, kube-proxy modes; scenario progress
 * POST /api/trace?from=&amp;to=&amp;protocol=&amp;node=  the trace as events (DNS, request, reply)
 * GET  /api/trace.svg                   the last trace drawn as one SVG picture, for slides
 * GET  /api/node?name=NODE               its rules and conntrack table now
 * POST /api/next                         plays the scenario's next step
 * GET  /api/timeline                     the cluster's events so far (steps, pods, endpoints, syncs)
 * GET  /api/moment?index=N               the cluster, its endpoints and rules as at moment N
 * GET  /api/quiz                         the quiz's questions for this student
 * POST /api/answer?id=&amp;answer=          grades one answer
 * GET  /api/scores.csv                   every student's graded answers
 * </pre>
 *
 * Every API call may carry {@code student=NAME} or {@code seed=N}: with a scenario, each student
 * has a cluster of their own. Requests are handled one at a time on the server's own thread: the
 * simulation is single-threaded and moves only when asked.
 */
public final class ClassroomServer implements AutoCloseable {
  private static final String WEB = "/dev/ksim/classroom/web/";
  private static final String SVG = "image/svg+xml";
  private static final Map<String, String> TYPES =
      new TreeMap<>(
          Map.of(
              "html", "text/html; charset=utf-8",
              "js", "text/javascript; charset=utf-8",
              "css", "text/css; charset=utf-8",
              "svg", SVG));

  private static final String JSON = "application/json";
  private static final List<String> READS =
      List.of("cluster", "node", "quiz", "trace.svg", "timeline", "moment");
  private static final List<String> WRITES = List.of("trace", "next", "answer");

  private final HttpServer server;
  private final Lessons lessons;

  private ClassroomServer(HttpServer server, Lessons lessons) {
    this.server = server;
    this.lessons = lessons;
  }

  /** Serves {@code cluster} to everyone on {@code address} (port 0: any free port). */
  public static ClassroomServer start(InetSocketAddress address, Cluster cluster)
      throws IOException {
    return start(address, Lessons.of(cluster));
  }

  /** Serves {@code scenario}, each student on their own cluster, on {@code address}. */
  public static ClassroomServer start(InetSocketAddress address, Scenario scenario)
      throws IOException {
    return start(address, Lessons.of(scenario));
  }

  private static ClassroomServer start(InetSocketAddress address, Lessons lessons)
      throws IOException {
    HttpServer server = HttpServer.create(address, 0);
    ClassroomServer classroom = new ClassroomServer(server, lessons);
    server.createContext("/", classroom::handle);
    server.start();
    return classroom;
  }

  /** Where the page is. */
  public URI uri() {
    InetSocketAddress address = server.getAddress();
    String host = address.getAddress().getHostAddress();
    return URI.create(
        "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort() + "/");
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (path.startsWith("/api/")) {
        api(exchange, path.substring("/api/".length()));
      } else {
        file(exchange, path.equals("/") ? "index.html" : path.substring(1));
      }
    }
  }

  private void api(HttpExchange exchange, String call) throws IOException {
    try {
      Map<String, String> q = query(exchange.getRequestURI().getRawQuery());
      if (call.equals("scores.csv")) {
        send(exchange, 200, "text/csv; charset=utf-8", lessons.scores());
        return;
      }
      if (!READS.contains(call) && !WRITES.contains(call)) {
        send(exchange, 404, JSON, error("no API call " + call));
        return;
      }
      if (WRITES.contains(call) && !exchange.getRequestMethod().equals("POST")) {
        send(exchange, 405, JSON, error(call + " changes the simulation: use POST"));
        return;
      }
      Lesson lesson = lessons.lesson(q.getOrDefault("student", ""), q.getOrDefault("seed", ""));
      if (call.equals("trace.svg")) {
        exchange.getResponseHeaders().set("Content-Disposition", "attachment; filename=trace.svg");
        send(exchange, 200, SVG, lesson.lastTraceSvg());
        return;
      }
      JsonNode body =
          switch (call) {
            case "cluster" -> lesson.cluster();
            case "node" -> lesson.node(required(q, "name"));
            case "quiz" -> lesson.quiz();
            case "trace" -> trace(lesson, q);
            case "next" -> lesson.next();
            case "timeline" -> lesson.timeline();
            case "moment" -> lesson.moment(index(required(q, "index")));
            default -> lesson.answer(required(q, "id"), q.getOrDefault("answer", ""));
          };
      send(exchange, 200, JSON, TraceJson.write(body));
    } catch (KsimInputException e) {
      send(exchange, 400, JSON, error(String.valueOf(e.getMessage())));
    } catch (RuntimeException e) {
      send(
          exchange,
          500,
          JSON,
          error(
              "internal error (a bug in ksim): " + e.getClass().getName() + ": " + e.getMessage()));
    }
  }

  private static JsonNode trace(Lesson lesson, Map<String, String> q) {
    return lesson.trace(
        required(q, "from"),
        required(q, "to"),
        q.getOrDefault("protocol", "tcp"),
        q.getOrDefault("node", "").isEmpty() ? null : q.get("node"));
  }

  private static int index(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw KsimInputException.commandLine(
          "index", "a moment's index is a whole number, got " + text);
    }
  }

  private static String required(Map<String, String> query, String name) {
    String value = query.get(name);
    if (value == null || value.isEmpty()) {
      throw KsimInputException.commandLine(name, name + " is required");
    }
    return value;
  }

  private static String error(String message) {
    return TraceJson.write(TraceJson.node().put("error", message));
  }

  private static void file(HttpExchange exchange, String name) throws IOException {
    int dot = name.lastIndexOf('.');
    String type = dot < 0 ? null : TYPES.get(name.substring(dot + 1));
    InputStream in =
        name.matches("[a-z0-9-]+\\.[a-z]+") && type != null
            ? ClassroomServer.class.getResourceAsStream(WEB + name)
            : null;
    if (in == null) {
      send(exchange, 404, "text/plain; charset=utf-8", "not found: " + name + "\n");
      return;
    }
    try (in) {
      byte[] bytes = in.readAllBytes();
      exchange.getResponseHeaders().set("Content-Type", type);
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String text)
      throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static Map<String, String> query(@Nullable String raw) {
    Map<String, String> out = new TreeMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        out.put(
            URLDecoder.decode(name, StandardCharsets.UTF_8),
            URLDecoder.decode(value, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw KsimInputException.commandLine("query", "not URL-encoded: " + pair);
      }
    }
    return out;
  }

  /** The bytes of the page's file {@code name} in the jar, for the offline export. */
  static String resource(String name) {
    try (InputStream in = ClassroomServer.class.getResourceAsStream(WEB + name)) {
      if (in == null) {
        throw new IllegalStateException("the jar has no " + WEB + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
