package dev.ksim.classroom;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ksim.cluster.Cluster;
import dev.ksim.view.TraceJson;
import org.jspecify.annotations.Nullable;

/**
 * One trace exported for slides, needing neither the server nor a network: as a self-contained HTML
 * file that plays offline (the classroom page with its style sheet and script written inline and
 * the cluster and trace it shows embedded as {@code window.KSIM_EXPORT}), or as one SVG picture of
 * the cluster with the packet's path and its addresses at each NAT ({@link TraceDrawing}). Both
 * show the same trace: the packet is traced once.
 */
public final class TraceExport {
  private final ObjectNode data;

  private TraceExport(ObjectNode data) {
    this.data = data;
  }

  /** Traces the packet {@code from} to {@code to} on {@code cluster}, for export. */
  public static TraceExport of(
      Cluster cluster, String from, String to, String protocol, @Nullable String node) {
    Lesson lesson = Lesson.of(cluster);
    ObjectNode data = TraceJson.node();
    data.set("trace", lesson.trace(from, to, protocol, node));
    data.set("cluster", lesson.cluster());
    return new TraceExport(data);
  }

  /** The page that plays the trace offline. */
  public String html() {
    String page = ClassroomServer.resource("index.html");
    String style = "<style>\n" + ClassroomServer.resource("app.css") + "</style>";
    String script =
        "<script>window.KSIM_EXPORT = "
            // "</" would end the script element early
            + TraceJson.write(data).replace("</", "<\\/")
            + ";</script>\n<script>\n"
            + ClassroomServer.resource("app.js").replace("</", "<\\/")
            + "</script>";
    return page.replace("<link rel=\"stylesheet\" href=\"app.css\">", style)
        .replace("<script src=\"app.js\"></script>", script);
  }

  /** The trace's picture, as SVG. */
  public String svg() {
    return TraceDrawing.of(data.path("cluster"), data.path("trace"));
  }
}
