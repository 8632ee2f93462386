package dev.ksim.view;

import dev.ksim.apiserver.ResourceType;
import dev.ksim.cluster.Cluster;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The Events section of {@code kubectl describe}: the events whose involvedObject is the described
 * object (by namespace, name and uid, as describe's field selector asks), oldest last-seen first,
 * each with its type, reason, age ({@code 5m (x3 over 10m)} when counted), source and message.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/staging/src/k8s.io/kubectl/pkg/describe/describe.go">describe.go
 *     (DescribeEvents, searchEvents)</a>
 */
final class DescribeEvents {
  private DescribeEvents() {}

  /** Writes the section for {@code object} to {@code w}. */
  static void write(TabWriter w, Cluster cluster, HasMetadata object) {
    List<Event> events = about(cluster, object);
    if (events.isEmpty()) {
      w.row("Events:", "<none>");
      return;
    }
    Instant now = cluster.clock().now();
    w.row("Events:");
    w.row("  Type", "Reason", "Age", "From", "Message");
    w.row("  ----", "------", "----", "----", "-------");
    for (Event e : events) {
      String first = EventColumns.since(EventColumns.firstSeen(e), now);
      int count = e.getCount() == null ? 1 : e.getCount();
      String age =
          count > 1
              ? EventColumns.since(e.getLastTimestamp(), now)
                  + " (x"
                  + count
                  + " over "
                  + first
                  + ")"
              : first;
      String source =
          e.getSource() != null && e.getSource().getComponent() != null
              ? e.getSource().getComponent()
              : Objects.toString(e.getReportingComponent(), "");
      w.row(
          "  " + e.getType(),
          String.valueOf(e.getReason()),
          age,
          source,
          e.getMessage() == null ? "" : e.getMessage().strip());
    }
  }

  private static List<Event> about(Cluster cluster, HasMetadata object) {
    String namespace =
        object.getMetadata().getNamespace() == null
            ? "default"
            : object.getMetadata().getNamespace();
    List<Event> events = new ArrayList<>();
    for (Event e : cluster.store().list(ResourceType.EVENT, namespace)) {
      var ref = e.getInvolvedObject();
      if (ref != null
          && Objects.equals(ref.getName(), object.getMetadata().getName())
          && Objects.equals(ref.getUid(), object.getMetadata().getUid())) {
        events.add(e);
      }
    }
    events.sort(Comparator.comparing((Event e) -> Objects.toString(EventColumns.lastSeen(e), "")));
    return events;
  }
}
