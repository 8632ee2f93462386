package dev.ksim.view;

import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * kubectl's table for core/v1 Events: LAST SEEN, TYPE, REASON, OBJECT, MESSAGE.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/printers/internalversion/printers.go">printers.go
 *     (eventColumnDefinitions, printEvent)</a>
 */
final class EventColumns {
  private EventColumns() {}

  static TableColumns columns() {
    return TableColumns.of(
        List.of("LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"),
        List.of(),
        Event.class,
        (e, now) ->
            List.of(
                since(lastSeen(e), now),
                String.valueOf(e.getType()),
                String.valueOf(e.getReason()),
                object(e),
                e.getMessage() == null ? "" : e.getMessage().strip()),
        (e, now) -> List.of());
  }

  /** {@code kind/name} of the involved object, the kind in lower case. */
  static String object(Event event) {
    var ref = event.getInvolvedObject();
    String kind =
        ref == null || ref.getKind() == null ? "" : ref.getKind().toLowerCase(Locale.ROOT);
    String name = ref == null ? null : ref.getName();
    return name == null || name.isEmpty() ? kind : kind + "/" + name;
  }

  /** When the event was first seen: firstTimestamp, else eventTime (the events.k8s.io form). */
  static @Nullable String firstSeen(Event event) {
    if (event.getFirstTimestamp() != null) {
      return event.getFirstTimestamp();
    }
    return event.getEventTime() == null ? null : event.getEventTime().getTime();
  }

  /** When the event was last seen: lastTimestamp, else when it was first seen. */
  static @Nullable String lastSeen(Event event) {
    return event.getLastTimestamp() != null ? event.getLastTimestamp() : firstSeen(event);
  }

  /** How long ago {@code timestamp} was, as kubectl prints it ({@code <unknown>} when unset). */
  static String since(@Nullable String timestamp, Instant now) {
    if (timestamp == null) {
      return "<unknown>";
    }
    return HumanDuration.format(Duration.between(Instant.parse(timestamp), now));
  }
}
