package dev.ksim.record;

import dev.ksim.apiserver.ApiStore;
import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceType;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One component's event recorder (client-go's {@code recorderImpl} with its {@code
 * EventCorrelator}): each call writes a core/v1 Event about an object to the API store, named
 * {@code <object>.<hex nanoseconds>} and stamped with the simulated time; an event identical to one
 * this recorder wrote before (same object, type, reason and message) bumps that event's count and
 * lastTimestamp instead, as the correlator's {@code EventLogger} does.
 *
 * <p>Events live as long as kube-apiserver's {@code --event-ttl} (one hour by default) after their
 * last write: each recorder forgets and deletes the ones it wrote that are older, whenever it
 * records, so a long run holds a bounded number of them. Only what upstream records is recorded
 * (nothing per Service), and the store has no watchers of Events, so recording costs one store
 * write.
 *
 * <p>Upstream's spam filter and the aggregation of many similar events with different messages
 * ("combined from similar events") are not modelled; the count of identical events is.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/staging/src/k8s.io/client-go/tools/record/event.go">record/event.go
 *     (makeEvent)</a>
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/staging/src/k8s.io/client-go/tools/record/events_cache.go">record/events_cache.go
 *     (EventCorrelator)</a>
 */
public final class EventRecorder {
  /** kube-apiserver's default {@code --event-ttl}. */
  public static final Duration DEFAULT_TTL = Duration.ofHours(1);

  /** What makes two events the same event (the correlator's {@code getEventKey}). */
  private record Correlation(
      String namespace,
      String kind,
      String name,
      String uid,
      String fieldPath,
      EventType type,
      String reason,
      String message) {}

  /** Where an event was written and the epoch second of its last write. */
  private record Written(ObjectKey key, long lastWrite) {}

  private final ApiStore store;
  private final String component;
  private final String host;
  private final Duration ttl;

  /** The last second an event was stamped with, and its text (shared by the events of it). */
  private Instant stampedSecond = Instant.MIN;

  private String stamp = "";

  /** Written events by correlation, oldest write first (a write moves its entry to the end). */
  private final Map<Correlation, Written> written = new LinkedHashMap<>();

  /**
   * A recorder for one component.
   *
   * @param component the event source's component, e.g. {@code kubelet} or {@code
   *     default-scheduler}
   * @param host the event source's host (a kubelet's node), "" when none
   */
  public EventRecorder(ApiStore store, String component, String host) {
    this(store, component, host, DEFAULT_TTL);
  }

  public EventRecorder(ApiStore store, String component, String host, Duration ttl) {
    this.store = store;
    this.component = component;
    this.host = host;
    this.ttl = ttl;
  }

  /** Records an event about {@code object}. */
  public void event(HasMetadata object, EventType type, String reason, String message) {
    event(object, null, type, reason, message);
  }

  /**
   * Records an event about a part of {@code object}, e.g. {@code spec.containers{nginx}} of a pod
   * (the kubelet's container events).
   */
  public void event(
      HasMetadata object,
      @Nullable String fieldPath,
      EventType type,
      String reason,
      String message) {
    Instant now = second(store.loop().clock().now());
    expire(now);
    String namespace = namespaceOf(object);
    Correlation correlation =
        new Correlation(
            namespace,
            object.getKind(),
            object.getMetadata().getName(),
            Objects.toString(object.getMetadata().getUid(), ""),
            Objects.toString(fieldPath, ""),
            type,
            reason,
            message);
    Written previous = written.remove(correlation);
    Optional<Event> existing =
        previous == null ? Optional.empty() : store.<Event>get(previous.key());
    ObjectKey key;
    if (existing.isPresent()) {
      key = previous.key();
      store.modify(
          ResourceType.EVENT,
          key.namespace(),
          key.name(),
          e -> {
            e.setCount(e.getCount() == null ? 2 : e.getCount() + 1);
            e.setLastTimestamp(stamp);
          });
    } else {
      Event created =
          store.createHandedOver(
              ResourceType.EVENT,
              newEvent(object, fieldPath, namespace, type, reason, message, now));
      key = ObjectKey.of(ResourceType.EVENT, created);
    }
    written.put(correlation, new Written(key, now.getEpochSecond()));
  }

  /**
   * The Event as client-go's {@code makeEvent} fills it, set field by field: the fluent builders
   * cost more than the rest of recording, and the kubelet and the controllers record several events
   * per pod.
   */
  private Event newEvent(
      HasMetadata object,
      @Nullable String fieldPath,
      String namespace,
      EventType type,
      String reason,
      String message,
      Instant now) {
    ObjectMeta meta = new ObjectMeta();
    meta.setName(freeName(namespace, object.getMetadata().getName(), now));
    meta.setNamespace(namespace);
    ObjectReference reference = new ObjectReference();
    reference.setApiVersion(object.getApiVersion());
    reference.setKind(object.getKind());
    reference.setNamespace(object.getMetadata().getNamespace());
    reference.setName(object.getMetadata().getName());
    reference.setUid(object.getMetadata().getUid());
    reference.setResourceVersion(object.getMetadata().getResourceVersion());
    reference.setFieldPath(fieldPath);
    EventSource source = new EventSource();
    source.setComponent(component);
    source.setHost(host.isEmpty() ? null : host);
    String timestamp = stamp;
    Event event = new Event();
    event.setMetadata(meta);
    event.setInvolvedObject(reference);
    event.setReason(reason);
    event.setMessage(message);
    event.setSource(source);
    event.setFirstTimestamp(timestamp);
    event.setLastTimestamp(timestamp);
    event.setCount(1);
    event.setType(type.token());
    event.setReportingComponent(component);
    event.setReportingInstance(host);
    return event;
  }

  /** {@code time} truncated to its second, the same instance for every event of that second. */
  private Instant second(Instant time) {
    if (time.getEpochSecond() != stampedSecond.getEpochSecond()) {
      stampedSecond = time.truncatedTo(ChronoUnit.SECONDS);
      stamp = stampedSecond.toString();
    }
    return stampedSecond;
  }

  /**
   * {@code <object>.<hex nanoseconds>} as client-go names events; events written in the same
   * simulated instant take the next free nanosecond.
   */
  private String freeName(String namespace, String objectName, Instant now) {
    long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    String name;
    do {
      name = objectName + "." + Long.toHexString(nanos++);
    } while (store.get(ResourceType.EVENT, namespace, name).isPresent());
    return name;
  }

  /** Deletes the events this recorder wrote whose last write is older than the TTL. */
  private void expire(Instant now) {
    Iterator<Written> oldest = written.values().iterator();
    while (oldest.hasNext()) {
      Written w = oldest.next();
      if (Instant.ofEpochSecond(w.lastWrite()).plus(ttl).isAfter(now)) {
        return;
      }
      oldest.remove();
      if (store.get(w.key()).isPresent()) {
        store.remove(w.key());
      }
    }
  }

  /** Events about cluster-scoped objects (a Node) go to the default namespace, as client-go's. */
  private static String namespaceOf(HasMetadata object) {
    String namespace = object.getMetadata().getNamespace();
    return namespace == null || namespace.isEmpty() ? "default" : namespace;
  }
}
