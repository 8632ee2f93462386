package dev.ksim.classroom;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ksim.cluster.Cluster;
import dev.ksim.view.TraceJson;
import org.jspecify.annotations.Nullable;

/**
 * One trace as a self-contained HTML file that plays offline (for slides): the classroom page with
 * its style sheet and script written inline and the cluster and trace it shows embedded as {@code
 * window.KSIM_EXPORT}, so it needs neither the server nor a network.
 */
public final class TraceExport {
  private TraceExport() {}

  /** The page showing the packet {@code from} to {@code to} on {@code cluster}. */
  public static String html(
      Cluster cluster, String from, String to, String protocol, @Nullable String node) {
    Lesson lesson = Lesson.of(cluster);
    ObjectNode data = TraceJson.node();
    data.set("trace", lesson.trace(from, to, protocol, node));
    data.set("cluster", lesson.cluster());
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
}
