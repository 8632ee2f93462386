package dev.ksim.record;

import static com.google.common.base.Preconditions.checkArgument;

import dev.ksim.apiserver.ApiStore;
import dev.ksim.apiserver.CompactObject;
import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.sim.SimClock;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One component's event recorder (client-go's {@code recorderImpl} with its {@code
 * EventCorrelator}): each call writes a core/v1 Event about an object to the API store, named
 * {@code <object>.<hex nanoseconds>} and stamped with the simulated time; an event identical to one
 * this recorder wrote before (same object, type, reason and message) bumps that event's count and
 * lastTimestamp instead, as the correlator's {@code EventLogger} does.
 *
 * <p>Like the correlator, a recorder remembers the last {@value #CORRELATIONS} distinct events it
 * wrote (client-go's {@code maxLruCacheEntries}), the least recently written forgotten first: an
 * event identical to a forgotten one is written as a new Event. Events live as long as
 * kube-apiserver's {@code --event-ttl} (one hour by default) after their last write: each recorder
 * deletes the ones it wrote that are older, whenever it records, so a long run holds a bounded
 * number of them. Only what upstream records is recorded (nothing per Service), and the store has
 * no watchers of Events, so recording costs one store write. The events of one recorder share their
 * source, and consecutive events about the same object part (the kubelet's Pulled, Created and
 * Started) their involvedObject: the store's objects are never changed in place.
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

  /** How many distinct events a recorder remembers (client-go's {@code maxLruCacheEntries}). */
  static final int CORRELATIONS = 4096;

  /**
   * What makes two events the same event (the correlator's {@code getEventKey}), and where the last
   * such event was written. Its hash is worked out once: a lookup hashes it, and so does the
   * eviction of the least recently written. Its equality is written out: a record's generated one
   * runs through method handles, slow until compiled, and every event looks its correlation up.
   */
  private static final class Correlation {
    private final String namespace;
    private final String kind;
    private final String name;
    private final String uid;
    private final String fieldPath;
    private final EventType type;
    private final String reason;
    private final String message;
    private final int hash;

    /**
     * Where the event is stored; null until it is. Kept on the key, outside its equality and hash,
     * so that the one {@code putIfAbsent} per event finds it without a second lookup in a map of
     * values.
     */
    private @Nullable ObjectKey written;

    Correlation(
        String namespace,
        String kind,
        String name,
        String uid,
        String fieldPath,
        EventType type,
        String reason,
        String message) {
      this.namespace = namespace;
      this.kind = kind;
      this.name = name;
      this.uid = uid;
      this.fieldPath = fieldPath;
      this.type = type;
      this.reason = reason;
      this.message = message;
      int h = name.hashCode();
      h = 31 * h + reason.hashCode();
      h = 31 * h + message.hashCode();
      this.hash = 31 * h + fieldPath.hashCode();
    }

    @Override
    public boolean equals(@Nullable Object other) {
      return other instanceof Correlation c
          && hash == c.hash
          && name.equals(c.name)
          && reason.equals(c.reason)
          && message.equals(c.message)
          && fieldPath.equals(c.fieldPath)
          && uid.equals(c.uid)
          && type == c.type
          && kind.equals(c.kind)
          && namespace.equals(c.namespace);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /**
   * Where the events written in one second were written, in order: one entry per second rather than
   * an object per write, which would live as long as the event.
   */
  private record SecondOfWrites(long second, List<ObjectKey> keys) {}

  /** What every event of one recorder says of its source. */
  private record Origin(EventSource source, String component, String host) {}

  /**
   * A new Event as the store keeps it until read ({@link ApiStore#createCompactUnlessTaken}): what
   * {@link #build} sets, as client-go's {@code makeEvent} fills it. The model objects cost several
   * times this, and the kubelet and the controllers record several events per pod.
   */
  private record RecordedEvent(
      String namespace,
      String name,
      ObjectReference involvedObject,
      String reason,
      String message,
      String timestamp,
      EventType type,
      Origin origin)
      implements CompactObject<Event> {
    @Override
    public Event build() {
      ObjectMeta meta = new ObjectMeta();
      meta.setName(name);
      meta.setNamespace(namespace);
      Event event = new Event();
      event.setMetadata(meta);
      event.setInvolvedObject(involvedObject);
      event.setReason(reason);
      event.setMessage(message);
      event.setSource(origin.source());
      event.setFirstTimestamp(timestamp);
      event.setLastTimestamp(timestamp);
      event.setCount(1);
      event.setType(type.token());
      event.setReportingComponent(origin.component());
      event.setReportingInstance(origin.host());
      return event;
    }
  }

  private final ApiStore store;
  private final Duration ttl;

  /** The last second an event was stamped with, and its text (shared by the events of it). */
  private Instant stampedSecond = Instant.MIN;

  private String stamp = "";

  /** The clock's time when {@link #stampedSecond} was last worked out, in milliseconds. */
  private long stampedMillis = Long.MIN_VALUE;

  /** The last second whose writes are older than the TTL at {@link #stampedSecond}. */
  private long expiredUpTo = Long.MIN_VALUE;

  /** The events' source, the same for every event of this recorder. */
  private final Origin origin;

  /** The names looked at for the last event's object and instant. */
  private @Nullable NameRun lastRun;

  /** The involvedObject of the last event written, shared by the next one about the same part. */
  private @Nullable ObjectReference lastReference;

  /**
   * The last {@link #CORRELATIONS} distinct events written, each its own key, least recently
   * written first: one {@code putIfAbsent} per event finds an earlier one and moves it to the end,
   * or adds the new one there.
   */
  private final Map<Correlation, Correlation> correlations = new LinkedHashMap<>(16, 0.75f, true);

  /** Every write still within the TTL, oldest first: a rewritten event has several. */
  private final Deque<SecondOfWrites> writes = new ArrayDeque<>();

  /**
   * The message of the last event of each reason: an equal message of a later event is stored as
   * this very string (the kubelet's "Created container: nginx" for every pod), not as its own copy.
   */
  private final Map<String, String> lastMessages = new HashMap<>();

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
    checkArgument(!ttl.isNegative(), "the TTL must not be negative: %s", ttl);
    this.store = store;
    this.ttl = ttl;
    EventSource source = new EventSource();
    source.setComponent(component);
    source.setHost(host.isEmpty() ? null : host);
    this.origin = new Origin(source, component, host);
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
    // the object's getters called here only: their receiver's class differs from one component to
    // the next (Deployment, ReplicaSet, Pod), and a site the JIT had seen one class at deoptimized
    // the compiled recorder when the kubelets' first events came
    String kind = object.getKind();
    ObjectMeta meta = object.getMetadata();
    Instant now = second();
    expire(now);
    String namespace = namespaceOf(meta);
    String text = sharedMessage(reason, message);
    Correlation correlation =
        new Correlation(
            namespace,
            kind,
            meta.getName(),
            Objects.toString(meta.getUid(), ""),
            Objects.toString(fieldPath, ""),
            type,
            reason,
            text);
    Correlation known = correlations.putIfAbsent(correlation, correlation);
    ObjectKey previous = known == null ? null : known.written;
    ObjectKey key;
    if (previous != null && store.contains(previous)) {
      key = previous;
      store.modify(
          ResourceType.EVENT,
          key.namespace(),
          key.name(),
          e -> {
            e.setCount(e.getCount() == null ? 2 : e.getCount() + 1);
            e.setLastTimestamp(stamp);
          });
    } else {
      Correlation written = known == null ? correlation : known;
      ObjectReference reference = referenceTo(kind, object.getApiVersion(), meta, fieldPath);
      key = create(reference, type, reason, text, now, written);
      written.written = key;
      // the eldest goes once the new event is stored: a refused write forgets nothing else
      if (correlations.size() > CORRELATIONS) {
        Iterator<Correlation> eldest = correlations.keySet().iterator();
        eldest.next();
        eldest.remove();
      }
    }
    SecondOfWrites last = writes.peekLast();
    if (last == null || last.second() != now.getEpochSecond()) {
      last = new SecondOfWrites(now.getEpochSecond(), new ArrayList<>());
      writes.add(last);
    }
    last.keys().add(key);
  }

  /**
   * Writes a new Event about the object of {@code reference}. Should the store refuse it, its
   * correlation is forgotten, as if it had never been written.
   */
  private ObjectKey create(
      ObjectReference reference,
      EventType type,
      String reason,
      String text,
      Instant now,
      Correlation correlation) {
    String namespace = correlation.namespace;
    try {
      return nameRun(namespace, reference.getName(), now)
          .create(
              store,
              name ->
                  new RecordedEvent(namespace, name, reference, reason, text, stamp, type, origin));
    } catch (RuntimeException refused) {
      correlations.remove(correlation);
      throw refused;
    }
  }

  /** {@code message}, or the equal message of the last event of this reason. */
  private String sharedMessage(String reason, String message) {
    String last = lastMessages.get(reason);
    if (last != null && last.equals(message)) {
      return last;
    }
    lastMessages.put(reason, message);
    return message;
  }

  /**
   * The involvedObject of an event about the {@code fieldPath} of the object {@code meta} is of.
   */
  private ObjectReference referenceTo(
      String kind, String apiVersion, ObjectMeta meta, @Nullable String fieldPath) {
    ObjectReference last = lastReference;
    if (last != null
        && Objects.equals(last.getUid(), meta.getUid())
        && Objects.equals(last.getResourceVersion(), meta.getResourceVersion())
        && Objects.equals(last.getName(), meta.getName())
        && Objects.equals(last.getNamespace(), meta.getNamespace())
        && Objects.equals(last.getKind(), kind)
        && Objects.equals(last.getApiVersion(), apiVersion)
        && Objects.equals(last.getFieldPath(), fieldPath)) {
      return last;
    }
    ObjectReference reference = new ObjectReference();
    reference.setApiVersion(apiVersion);
    reference.setKind(kind);
    reference.setNamespace(meta.getNamespace());
    reference.setName(meta.getName());
    reference.setUid(meta.getUid());
    reference.setResourceVersion(meta.getResourceVersion());
    reference.setFieldPath(fieldPath);
    reference.setAdditionalProperties(Collections.emptyMap());
    lastReference = reference;
    return reference;
  }

  /**
   * The simulated time truncated to its second, the same instance for every event of that second:
   * worked out again only when the clock moved, since a component records its events in bursts.
   */
  private Instant second() {
    SimClock clock = store.loop().clock();
    if (clock.nowMillis() != stampedMillis) {
      stampedMillis = clock.nowMillis();
      Instant time = clock.now();
      if (time.getEpochSecond() != stampedSecond.getEpochSecond()) {
        stampedSecond = time.truncatedTo(ChronoUnit.SECONDS);
        stamp = stampedSecond.toString();
        // a write of second s is expired when s + ttl is not after now: s <= floor(now - ttl)
        expiredUpTo =
            stampedSecond.getEpochSecond() - ttl.getSeconds() - (ttl.getNano() > 0 ? 1 : 0);
      }
    }
    return stampedSecond;
  }

  /**
   * The names of events about {@code objectName} at {@code now}: {@code <object>.<hex nanoseconds>}
   * as client-go names events, events written in the same simulated instant taking the next free
   * nanosecond.
   */
  private NameRun nameRun(String namespace, String objectName, Instant now) {
    long first = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    NameRun run = lastRun;
    if (run == null || !run.isOf(namespace, objectName, first)) {
      run = new NameRun(namespace, objectName, first);
      lastRun = run;
    }
    return run;
  }

  /**
   * The names tried for one object and instant, in nanosecond order: the next event about the same
   * object in that instant (the kubelet's Pulled, Created and Started, a ReplicaSet's ten
   * SuccessfulCreate) takes the first of them that is free, even where an event was deleted since.
   * While no Event has been written or removed since the run last took a name, the names before it
   * are still taken, and the next event tries from the one after it: a ReplicaSet's ten events cost
   * ten store lookups, not fifty-five.
   */
  private static final class NameRun {
    private final String namespace;
    private final String objectName;
    private final long first;
    private final List<String> names = new ArrayList<>();

    /** The position after the name last taken. */
    private int afterTaken;

    /** The store's count of Event changes just after the run last took a name; -1 before. */
    private long eventChangesAtTake = -1;

    NameRun(String namespace, String objectName, long first) {
      this.namespace = namespace;
      this.objectName = objectName;
      this.first = first;
    }

    boolean isOf(String namespace, String objectName, long first) {
      return this.first == first
          && this.objectName.equals(objectName)
          && this.namespace.equals(namespace);
    }

    /** Creates the event {@code named} under the first of the run's names that is free. */
    ObjectKey create(ApiStore store, Function<String, RecordedEvent> named) {
      int start = store.changesOf(ResourceType.EVENT) == eventChangesAtTake ? afterTaken : 0;
      for (int i = start; ; i++) {
        if (i == names.size()) {
          names.add(objectName + "." + Long.toHexString(first + i));
        }
        Optional<ObjectKey> created =
            store.createCompactUnlessTaken(ResourceType.EVENT, named.apply(names.get(i)));
        if (created.isPresent()) {
          afterTaken = i + 1;
          eventChangesAtTake = store.changesOf(ResourceType.EVENT);
          return created.get();
        }
      }
    }
  }

  /**
   * Deletes the events this recorder wrote whose last write is older than the TTL. A write that was
   * followed by another of the same event leaves the event in place.
   */
  private void expire(Instant now) {
    while (!writes.isEmpty() && writes.peek().second() <= expiredUpTo) {
      for (ObjectKey key : writes.remove().keys()) {
        Optional<Event> stored = store.get(key);
        if (stored.isPresent()
            && !Instant.parse(stored.get().getLastTimestamp()).plus(ttl).isAfter(now)) {
          store.remove(key);
        }
      }
    }
  }

  /** Events about cluster-scoped objects (a Node) go to the default namespace, as client-go's. */
  private static String namespaceOf(ObjectMeta meta) {
    String namespace = meta.getNamespace();
    return namespace == null || namespace.isEmpty() ? "default" : namespace;
  }
}
