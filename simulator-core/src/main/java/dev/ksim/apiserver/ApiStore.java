package dev.ksim.apiserver;

import static com.google.common.base.Preconditions.checkState;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableList;
import dev.ksim.sim.EventLoop;
import dev.ksim.sim.SimRandom;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The simulated API server's storage: every object of the cluster, keyed by type, namespace and
 * name, each write admitted (defaulted, validated, allocated) and stamped with a resourceVersion,
 * and every change delivered to watchers through the event loop after the watch latency.
 *
 * <p>Objects handed out by {@code get} and {@code list} and delivered to watchers are the store's
 * own and must not be changed: a component that wants to change an object uses {@link #modify},
 * which works on a copy (client-go's rule for informer caches, made into the store's contract so
 * that 100,000 pods do not mean 100,000 copies per read). Their empty lists and maps are shared
 * immutable ones, so that the dozens of empties a model object holds cost nothing stored.
 *
 * <p>Writes made inside {@link #transaction} are undone together when any of them fails, and their
 * watch events are sent only once all succeeded.
 *
 * <p>Deleting a pod that runs on a node is graceful, as in the real API server: it gets a
 * deletionTimestamp and stays until its kubelet removes it. Deleting an object with dependents
 * (ownerReferences) deletes them in the background, as the garbage collector does.
 */
public final class ApiStore {
  /**
   * A key of the label index: a label's name and value as the object holds them, whose strings keep
   * their hashes, rather than a {@code name=value} text built and hashed again for every lookup.
   * Equality and hash are written out: the record's generated ones go through method handles, which
   * showed as 2-3% of the control plane's samples (one lookup per label per stored write). The
   * index is never iterated, so its hash decides no order.
   */
  private record LabelIndexKey(ResourceType<?> type, String namespace, String name, String value) {
    @Override
    public boolean equals(@Nullable Object other) {
      return other instanceof LabelIndexKey key
          && type.equals(key.type)
          && name.equals(key.name)
          && value.equals(key.value)
          && namespace.equals(key.namespace);
    }

    @Override
    public int hashCode() {
      return ((31 * type.hashCode() + namespace.hashCode()) * 31 + name.hashCode()) * 31
          + value.hashCode();
    }
  }

  private record Pending(ResourceType<?> type, WatchEvent<?> event) {}

  /** The handlers of one type, replaced (never changed) when a watch is added. */
  private record Watchers(String label, ImmutableList<ResourceEventHandler<?>> handlers) {}

  /** Whether each model class has a spec, and its getter (looked up once per class). */
  private static final ClassValue<Optional<Method>> SPEC_GETTER =
      new ClassValue<>() {
        @Override
        protected Optional<Method> computeValue(Class<?> type) {
          try {
            return Optional.of(type.getMethod("getSpec"));
          } catch (NoSuchMethodException e) {
            return Optional.empty();
          }
        }
      };

  private final EventLoop loop;
  private final SimRandom random;
  private final Duration watchLatency;
  private final Duration garbageCollectionDelay;

  /**
   * Where one object is stored: the ordered table of its type and the index by key hold the same
   * slot, so that a change of the object replaces it in both without walking the table's tree. It
   * holds the model object, or, for an object created in a compact form and not written since,
   * nothing ({@link CompactSlot} holds what {@link #objectOf} builds the model object from).
   */
  private static class Slot implements KeyTable.Keyed {
    private final ObjectKey key;
    private @Nullable HasMetadata object;

    Slot(ObjectKey key, @Nullable HasMetadata object) {
      this.key = key;
      this.object = object;
    }

    @Override
    public ObjectKey key() {
      return key;
    }

    void set(HasMetadata object) {
      this.object = object;
    }
  }

  /**
   * The slot of an object created in its writer's compact form: the form, the number of its uid
   * ({@link ObjectUids#reserve}), its resourceVersion and its creation time, set once its name is
   * known to be free. One object per compact object besides its form: half a million Events live
   * through the settle's young collections, so what each holds is copied several times.
   */
  private static final class CompactSlot extends Slot {
    private final CompactObject<?> form;
    private long uid;
    private long resourceVersion;
    private String creationTimestamp = "";

    CompactSlot(ObjectKey key, CompactObject<?> form) {
      super(key, null);
      this.form = form;
    }
  }

  /** What admits a write of a type that has no admission of its own: nothing. */
  private static final Admission<?> NO_ADMISSION = (old, object, undoLog) -> {};

  /** What the store keeps of one type. */
  private static final class Kept {
    /**
     * Every object of the type by key, beside its ordered table: lookups by key (the controllers'
     * and kubelets' gets, a few per watch event) hash instead of walking a tree of 100,000 pods,
     * and range over their own type's objects alone, not over the half million Events a large
     * settle records besides (whose growing table would be rehashed, pods and all, each time it
     * doubles). Iterated only to build the ordered table.
     */
    private final KeyTable<Slot> byKey = new KeyTable<>();

    /**
     * The type's objects ordered by key (what lists return), once listed: built when the type is
     * first listed and kept up to date from then on, so that the hundreds of thousands of Events a
     * large cluster records are never ordered unless someone lists them.
     */
    private @Nullable NavigableMap<ObjectKey, Slot> ordered;

    /** What the API server does to the type's objects before storing them. */
    private Admission<?> admission = NO_ADMISSION;

    /** The type's watchers, if any. */
    private @Nullable Watchers watchers;

    /** The type's count of stored changes ({@link #changesOf}). */
    private long changes;
  }

  /**
   * What the store keeps of each type, found by the type's position ({@link ResourceType#order})
   * rather than hashed: every read and write of the store starts there, an Event's create included.
   */
  private final Kept[] kept = new Kept[ResourceType.ALL.size()];

  /**
   * The slots of the objects carrying each label, by key: a list by label reads its objects from
   * their slots without looking each key up again.
   */
  private final Map<LabelIndexKey, NavigableMap<ObjectKey, Slot>> labelIndex = new HashMap<>();

  private final Map<String, Set<ObjectKey>> dependents = new HashMap<>();

  private final UndoLog undo = new UndoLog();
  private @Nullable List<Pending> transactionEvents;
  private long resourceVersion = 1000;

  /**
   * The spec of the last object created whose admission replaced its creator's ({@link
   * Admission#replacesNewSpec}), its empties shared then: the next object created holding the very
   * same spec (a ReplicaSet's next pod) has it not walked again.
   */
  private @Nullable Object lastNewSpec;

  /**
   * The label map and owner list of the last object created that had any: the next object created
   * with equal ones (a ReplicaSet's next pod) is stored holding these very ones, as it holds its
   * spec, instead of a map and a list of its own for each of 100,000 pods.
   */
  private @Nullable Map<String, String> lastNewLabels;

  private @Nullable List<OwnerReference> lastNewOwners;

  private final ObjectUids uids = new ObjectUids();

  /** A spec a binding made ({@code bound}) from a stored pod's spec ({@code unbound}). */
  private record BoundSpec(PodSpec unbound, PodSpec bound) {}

  /** The spec each node's last binding made, by node name ({@link #boundSpec}). */
  private final Map<String, BoundSpec> lastBoundSpecs = new HashMap<>();

  public ApiStore(
      EventLoop loop, SimRandom random, Duration watchLatency, Duration garbageCollectionDelay) {
    this.loop = loop;
    this.random = random;
    this.watchLatency = watchLatency;
    this.garbageCollectionDelay = garbageCollectionDelay;
    Arrays.setAll(kept, i -> new Kept());
  }

  /** The ordered table of {@code type}, built from the index by key on the first call. */
  private NavigableMap<ObjectKey, Slot> table(ResourceType<?> type) {
    Kept of = kept(type);
    NavigableMap<ObjectKey, Slot> table = of.ordered;
    if (table == null) {
      NavigableMap<ObjectKey, Slot> built = new TreeMap<>();
      of.byKey.forEach(slot -> built.put(slot.key(), slot));
      table = built;
      of.ordered = table;
    }
    return table;
  }

  /** The slot of the object with this key, if stored. */
  private @Nullable Slot slot(ObjectKey key) {
    return kept(key.type()).byKey.get(key);
  }

  private Kept kept(ResourceType<?> type) {
    return kept[type.order()];
  }

  public EventLoop loop() {
    return loop;
  }

  /** Sets what the API server does to objects of {@code type} before storing them. */
  public <T extends HasMetadata> void setAdmission(ResourceType<T> type, Admission<T> admission) {
    kept(type).admission = admission;
  }

  /** Delivers every later change of {@code type} objects to {@code handler}. */
  public <T extends HasMetadata> void watch(ResourceType<T> type, ResourceEventHandler<T> handler) {
    Kept of = kept(type);
    Watchers current = of.watchers;
    ImmutableList<ResourceEventHandler<?>> handlers =
        ImmutableList.<ResourceEventHandler<?>>builder()
            .addAll(current == null ? ImmutableList.of() : current.handlers())
            .add(handler)
            .build();
    of.watchers = new Watchers("watch " + type, handlers);
  }

  /**
   * Runs {@code writes} as one unit: when it throws, every write it made is undone (allocations
   * included) and no watcher hears of any of them.
   */
  public void transaction(Runnable writes) {
    checkState(transactionEvents == null, "transactions do not nest");
    List<Pending> events = new ArrayList<>();
    transactionEvents = events;
    undo.begin();
    try {
      writes.run();
    } catch (RuntimeException e) {
      transactionEvents = null;
      undo.rollback();
      throw e;
    }
    transactionEvents = null;
    undo.commit();
    events.forEach(p -> deliver(p.type(), p.event()));
  }

  /** Creates an object; the stored (defaulted, stamped) object is returned. */
  public <T extends HasMetadata> T create(ResourceType<T> type, T object) {
    return createOwned(type, type.copy(object));
  }

  /**
   * {@link #create} of an object its caller built for this create and hands over: the store keeps
   * {@code object} itself instead of a copy, and changes it as it would the copy (its generated
   * name, stamps, admission's defaults, shared empties). The caller must not change it, or anything
   * it holds, afterwards; it may hold parts of stored objects, which nobody changes, as a
   * ReplicaSet's pod holds its template's labels and spec. The controllers' path for the objects
   * they build anew each time: the copy of each of 100,000 pods and 10,000 EndpointSlices was made
   * for nothing.
   */
  public <T extends HasMetadata> T createOwned(ResourceType<T> type, T object) {
    return insert(type, object, admission(type).replacesNewSpec() ? specOf(object) : null);
  }

  /**
   * Creates an object kept in {@code form} until read: it gets the uid, resourceVersion and
   * creation time {@link #create} would give it, and reads build it from the form each time (a new
   * model object per read). The event recorders' path: a large settle records half a million
   * Events, which nobody reads unless listing them. A type with admission or watchers is stored as
   * its model object, since they need it at once.
   */
  public <T extends HasMetadata> ObjectKey createCompact(
      ResourceType<T> type, CompactObject<T> form) {
    return createCompactUnlessTaken(type, form)
        .orElseThrow(() -> ApiException.alreadyExists(type, form.name()));
  }

  /**
   * {@link #createCompact}, or nothing stored and empty when the name is taken: an event recorder
   * tries the names of an instant in turn, one lookup each, rather than looking a name up and then
   * creating the object under it.
   */
  public <T extends HasMetadata> Optional<ObjectKey> createCompactUnlessTaken(
      ResourceType<T> type, CompactObject<T> form) {
    ObjectKey key = new ObjectKey(type, type.namespaced() ? form.namespace() : "", form.name());
    Kept of = kept(type);
    if (of.admission != NO_ADMISSION || of.watchers != null) {
      return contains(key)
          ? Optional.empty()
          : Optional.of(ObjectKey.of(type, insert(type, form.build(), null)));
    }
    KeyTable<Slot> slots = of.byKey;
    CompactSlot slot = new CompactSlot(key, form);
    if (slots.putIfAbsent(slot) != null) {
      return Optional.empty();
    }
    if (!namespaceExists(key)) {
      slots.remove(key);
      throw ApiException.notFound(ResourceType.NAMESPACE, key.namespace());
    }
    slot.uid = uids.reserve();
    slot.resourceVersion = ++resourceVersion;
    slot.creationTimestamp = loop.clock().timestamp();
    addToOrdered(key, slot);
    changed(type);
    undo.add(() -> putRaw(key, null));
    return Optional.of(key);
  }

  private void changed(ResourceType<?> type) {
    kept(type).changes++;
  }

  /**
   * Stores {@code copy}, which nobody else changes (the store's copy, or an object handed over), as
   * a new object; {@code creatorsSpec} is the spec its creator gave, which admission replaces.
   */
  @SuppressWarnings("ReferenceEquality") // the creator's very spec must not be stored
  private <T extends HasMetadata> T insert(
      ResourceType<T> type, T copy, @Nullable Object creatorsSpec) {
    ObjectMeta meta = copy.getMetadata();
    if ((meta.getName() == null || meta.getName().isEmpty())
        && meta.getGenerateName() != null
        && !meta.getGenerateName().isEmpty()) {
      meta.setName(generateName(type, meta));
    }
    ObjectKey key = ObjectKey.of(type, copy);
    checkNew(key);
    if (type.namespaced()) {
      meta.setNamespace(key.namespace());
    }
    admission(type).admit(null, copy, undo);
    Object spec = creatorsSpec == null ? null : specOf(copy);
    checkState(
        creatorsSpec == null || spec != creatorsSpec,
        "the admission of %s kept its creator's spec",
        key);
    stampNew(copy, uids.next(), Long.toString(++resourceVersion), loop.clock().timestamp());
    if (spec != null && spec == lastNewSpec) {
      ModelCopy.shareEmptiesBesideStoredSpec(copy);
    } else {
      ModelCopy.shareEmpties(copy);
    }
    lastNewSpec = spec;
    shareLabelsAndOwnersWithLastNew(meta);
    put(key, copy);
    notify(type, new WatchEvent.Added<>(copy));
    return copy;
  }

  /**
   * Makes a new object hold the label map and owner list of the last object created, where equal to
   * its own (they are never changed once stored: writes store copies).
   */
  private void shareLabelsAndOwnersWithLastNew(ObjectMeta meta) {
    Map<String, String> labels = meta.getLabels();
    if (labels != null && !labels.isEmpty()) {
      if (labels.equals(lastNewLabels)) {
        meta.setLabels(lastNewLabels);
      } else {
        lastNewLabels = labels;
      }
    }
    List<OwnerReference> owners = meta.getOwnerReferences();
    if (owners != null && !owners.isEmpty()) {
      if (owners.equals(lastNewOwners)) {
        meta.setOwnerReferences(lastNewOwners);
      } else {
        lastNewOwners = owners;
      }
    }
  }

  /** Refuses a new object whose name is taken or whose namespace does not exist. */
  private void checkNew(ObjectKey key) {
    if (slot(key) != null) {
      throw ApiException.alreadyExists(key.type(), key.name());
    }
    if (!namespaceExists(key)) {
      throw ApiException.notFound(ResourceType.NAMESPACE, key.namespace());
    }
  }

  /** Whether the namespace of an object with this key exists (or it needs none). */
  private boolean namespaceExists(ObjectKey key) {
    return !key.type().namespaced()
        || key.type().equals(ResourceType.NAMESPACE)
        || slot(new ObjectKey(ResourceType.NAMESPACE, "", key.namespace())) != null;
  }

  /** Sets what the store stamps on a new object. */
  private static void stampNew(
      HasMetadata object, String uid, String resourceVersion, String creationTimestamp) {
    ObjectMeta meta = object.getMetadata();
    meta.setUid(uid);
    meta.setCreationTimestamp(creationTimestamp);
    meta.setResourceVersion(resourceVersion);
    meta.setGeneration(1L);
  }

  /** The object a slot holds: its model object, or one built from its compact form. */
  private HasMetadata objectOf(Slot slot) {
    HasMetadata object = slot.object;
    if (object != null) {
      return object;
    }
    CompactSlot compact = (CompactSlot) slot;
    HasMetadata built = compact.form.build();
    stampNew(
        built,
        uids.of(compact.uid),
        Long.toString(compact.resourceVersion),
        compact.creationTimestamp);
    ModelCopy.shareEmpties(built);
    return built;
  }

  /**
   * Replaces an object with {@code object}, keeping what the server owns (uid, creation time) and
   * bumping the generation when the spec changed.
   */
  public <T extends HasMetadata> T update(ResourceType<T> type, T object) {
    return store(type, type.copy(object), Write.UPDATE);
  }

  /**
   * What a write of a whole object changes, which decides its admission, its generation and what of
   * it is walked for shared empties.
   */
  private enum Write {
    /**
     * A new state of the whole object: admitted whole, its generation bumped if its spec differs.
     */
    UPDATE,
    /**
     * A write to a subresource, the status or a pod's binding: its copy's spec is the stored one,
     * or a binding's holding the stored values with the node set, and its generation stays. The
     * subresources write through the storage without the strategy that bumps a generation, so a
     * bound pod keeps generation 1 (kubectl get -o yaml of a scheduled pod on v1.34 shows it).
     *
     * @see <a
     *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/registry/core/pod/storage/storage.go">pod/storage/storage.go
     *     (setPodNodeAndMetadata updates the storage directly)</a>
     */
    SUBRESOURCE
  }

  /**
   * Stores {@code copy} as the new state of its object. Nobody else holds it, but for what it
   * shares with the stored object after a status write or binding: its spec (the stored one, or a
   * binding's spec holding its values, shared by the pods of that spec bound to that node) and,
   * after {@link #replaceStatus} or a binding, its status's lists and nested objects. None of them
   * is ever changed in place.
   */
  private <T extends HasMetadata> T store(ResourceType<T> type, T copy, Write write) {
    ObjectKey key = ObjectKey.of(type, copy);
    T old = this.<T>get(key).orElseThrow(() -> ApiException.notFound(type, key.name()));
    ObjectMeta meta = copy.getMetadata();
    ObjectMeta oldMeta = old.getMetadata();
    meta.setNamespace(oldMeta.getNamespace());
    meta.setUid(oldMeta.getUid());
    meta.setCreationTimestamp(oldMeta.getCreationTimestamp());
    if (meta.getDeletionTimestamp() == null) {
      meta.setDeletionTimestamp(oldMeta.getDeletionTimestamp());
      meta.setDeletionGracePeriodSeconds(oldMeta.getDeletionGracePeriodSeconds());
    }
    if (write == Write.UPDATE) {
      admission(type).admit(old, copy, undo);
    } else {
      admission(type).admitStatus(old, copy, undo);
    }
    meta.setResourceVersion(Long.toString(++resourceVersion));
    long generation = oldMeta.getGeneration() == null ? 1 : oldMeta.getGeneration();
    boolean specChanged = write == Write.UPDATE && !Objects.equals(specOf(old), specOf(copy));
    meta.setGeneration(specChanged ? generation + 1 : generation);
    if (write == Write.UPDATE) {
      ModelCopy.shareEmpties(copy);
    } else {
      ModelCopy.shareEmptiesBesideSpec(copy);
    }
    put(key, copy);
    notify(type, new WatchEvent.Modified<>(old, copy));
    return copy;
  }

  /** Changes a copy of the stored object with {@code change} and stores it. */
  public <T extends HasMetadata> T modify(
      ResourceType<T> type, String namespace, String name, Consumer<T> change) {
    ObjectKey key = new ObjectKey(type, type.namespaced() ? namespace : "", name);
    T copy = type.copy(this.<T>get(key).orElseThrow(() -> ApiException.notFound(type, name)));
    change.accept(copy);
    return store(type, copy, Write.UPDATE);
  }

  /**
   * Changes the status of the stored object with {@code change}, as a write to its status
   * subresource does (the kubelet's and the controllers' status updates): only the status is copied
   * for the change, the spec stays the stored object's own and the metadata's lists and maps are
   * shared, so {@code change} may set the status and nothing else. A pod's status change copies a
   * few conditions and container statuses instead of the whole pod.
   *
   * @see <a
   *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/registry/core/pod/strategy.go">pod/strategy.go
   *     (podStatusStrategy.PrepareForUpdate keeps the stored spec)</a>
   */
  public <T extends HasMetadata> T modifyStatus(
      ResourceType<T> type, String namespace, String name, Consumer<T> change) {
    return writeStatus(type, namespace, name, change, true);
  }

  /**
   * {@link #modifyStatus} for a change that only sets the status's fields, each to a value of its
   * own (a new list, a new object, a text), and changes nothing the stored status holds: the copy's
   * status is a new object holding the stored one's values, its lists and nested objects shared
   * with the stored object, rather than a deep copy. The kubelet's start of a pod sets its phase,
   * addresses, container statuses and conditions anew: copying the ones it replaces was wasted.
   */
  public <T extends HasMetadata> T replaceStatus(
      ResourceType<T> type, String namespace, String name, Consumer<T> change) {
    return writeStatus(type, namespace, name, change, false);
  }

  private <T extends HasMetadata> T writeStatus(
      ResourceType<T> type, String namespace, String name, Consumer<T> change, boolean deepStatus) {
    ObjectKey key = new ObjectKey(type, type.namespaced() ? namespace : "", name);
    T stored = this.<T>get(key).orElseThrow(() -> ApiException.notFound(type, name));
    T copy =
        deepStatus ? ModelCopy.forStatusChange(stored) : ModelCopy.forStatusReplacement(stored);
    change.accept(copy);
    checkState(specOf(copy) == specOf(stored), "a status change replaced the spec of %s", key);
    return store(type, copy, Write.SUBRESOURCE);
  }

  /**
   * Binds a pending pod to {@code nodeName} and changes its status with {@code status}, as a write
   * to the pod's binding subresource does (the scheduler's bind): the copy's spec holds the stored
   * spec's values with the node set ({@link #boundSpec}), and its status is a new object holding
   * the stored status's values, as {@link #replaceStatus} makes it, so {@code status} may set the
   * status's fields, each to a value of its own, and nothing else.
   *
   * @see <a
   *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/registry/core/pod/storage/storage.go">pod/storage/storage.go
   *     (BindingREST, setPodNodeAndMetadata)</a>
   */
  @SuppressWarnings("ReferenceEquality") // the spec must be the very object bound, not an equal one
  public Pod bind(String namespace, String name, String nodeName, Consumer<Pod> status) {
    ObjectKey key = new ObjectKey(ResourceType.POD, namespace, name);
    Pod stored =
        this.<Pod>get(key).orElseThrow(() -> ApiException.notFound(ResourceType.POD, name));
    Pod copy = ModelCopy.forStatusReplacement(stored);
    PodSpec spec = boundSpec(stored.getSpec(), nodeName);
    copy.setSpec(spec);
    status.accept(copy);
    checkState(copy.getSpec() == spec, "a binding replaced the spec of %s", key);
    return store(ResourceType.POD, copy, Write.SUBRESOURCE);
  }

  /**
   * The spec of a pod bound to {@code nodeName} whose stored spec is {@code spec}: that very spec
   * when it names the node already, else the spec the node's last binding made from the very same
   * spec, else a new one holding {@code spec}'s values with the node set. Pods of one template hold
   * one admitted spec ({@link Admission#replacesNewSpec}), so 100,000 pods bound to 100 nodes hold
   * a hundred specs, not one each, and a binding copies none of the spec's forty fields; no stored
   * spec is ever changed, so sharing one is safe.
   */
  @SuppressWarnings("ReferenceEquality") // the very spec the last binding started from
  private PodSpec boundSpec(PodSpec spec, String nodeName) {
    if (nodeName.equals(spec.getNodeName())) {
      return spec;
    }
    BoundSpec last = lastBoundSpecs.get(nodeName);
    if (last != null && last.unbound() == spec) {
      return last.bound();
    }
    PodSpec bound = ModelCopy.shallow(spec);
    bound.setNodeName(nodeName);
    lastBoundSpecs.put(nodeName, new BoundSpec(spec, bound));
    return bound;
  }

  /**
   * Applies a JSON merge patch (RFC 7386, what {@code kubectl patch --type merge} sends) to the
   * stored object: objects merge, {@code null} removes a field, anything else replaces.
   */
  public <T extends HasMetadata> T patch(
      ResourceType<T> type, String namespace, String name, JsonNode patch) {
    ObjectKey key = new ObjectKey(type, type.namespaced() ? namespace : "", name);
    T current = this.<T>get(key).orElseThrow(() -> ApiException.notFound(type, name));
    JsonNode merged = mergePatch(PATCH_MAPPER.valueToTree(current), patch);
    try {
      return store(type, PATCH_MAPPER.treeToValue(merged, type.modelClass()), Write.UPDATE);
    } catch (JsonProcessingException e) {
      throw ApiException.invalid(
          type.kind(),
          name,
          List.of(new FieldError("patch", String.valueOf(e.getOriginalMessage()))));
    }
  }

  private static final ObjectMapper PATCH_MAPPER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private static JsonNode mergePatch(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch;
    }
    ObjectNode result =
        target.isObject() ? ((ObjectNode) target).deepCopy() : PATCH_MAPPER.createObjectNode();
    patch
        .fields()
        .forEachRemaining(
            field -> {
              if (field.getValue().isNull()) {
                result.remove(field.getKey());
              } else {
                JsonNode existing = result.get(field.getKey());
                result.set(
                    field.getKey(),
                    mergePatch(
                        existing == null ? PATCH_MAPPER.createObjectNode() : existing,
                        field.getValue()));
              }
            });
    return result;
  }

  /** Creates the object, or updates it when one of that name exists (kubectl apply). */
  public <T extends HasMetadata> T apply(ResourceType<T> type, T object) {
    ObjectKey key = ObjectKey.of(type, object);
    if (get(key).isPresent()) {
      return update(type, object);
    }
    return create(type, object);
  }

  /**
   * Deletes an object: at once, or for a pod bound to a node, gracefully (it gets its
   * deletionTimestamp now and is removed by its kubelet).
   */
  public void delete(ObjectKey key) {
    HasMetadata old =
        this.<HasMetadata>get(key).orElseThrow(() -> ApiException.notFound(key.type(), key.name()));
    if (old instanceof Pod pod && needsGracefulDeletion(pod)) {
      if (old.getMetadata().getDeletionTimestamp() == null) {
        long grace =
            pod.getSpec().getTerminationGracePeriodSeconds() == null
                ? 30
                : pod.getSpec().getTerminationGracePeriodSeconds();
        modify(
            ResourceType.POD,
            key.namespace(),
            key.name(),
            p -> {
              p.getMetadata()
                  .setDeletionTimestamp(loop.clock().now().plusSeconds(grace).toString());
              p.getMetadata().setDeletionGracePeriodSeconds(grace);
            });
      }
      return;
    }
    remove(key);
  }

  /** Removes an object at once, whatever its kind (a kubelet's final delete of a pod). */
  public void remove(ObjectKey key) {
    HasMetadata old =
        this.<HasMetadata>get(key).orElseThrow(() -> ApiException.notFound(key.type(), key.name()));
    putRaw(key, null);
    undo.add(() -> putRaw(key, old));
    releaseHeld(key.type(), old);
    notify(key.type(), new WatchEvent.Deleted<>(old));
    collectDependents(old.getMetadata().getUid());
  }

  @SuppressWarnings("unchecked")
  private <T extends HasMetadata> void releaseHeld(ResourceType<T> type, HasMetadata old) {
    admission(type).release((T) old, undo);
  }

  private static boolean needsGracefulDeletion(Pod pod) {
    String node = pod.getSpec().getNodeName();
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    boolean terminal = "Succeeded".equals(phase) || "Failed".equals(phase);
    Long grace = pod.getSpec().getTerminationGracePeriodSeconds();
    return node != null && !node.isEmpty() && !terminal && (grace == null || grace > 0);
  }

  private void collectDependents(String uid) {
    Set<ObjectKey> owned = dependents.get(uid);
    if (owned == null || owned.isEmpty()) {
      return;
    }
    loop.schedule(
        garbageCollectionDelay,
        "garbage collection of dependents of " + uid,
        () -> {
          for (ObjectKey dependent : List.copyOf(dependents.getOrDefault(uid, Set.of()))) {
            Optional<HasMetadata> object = get(dependent);
            if (object.isPresent() && isOwnedOnlyBy(object.get(), uid)) {
              delete(dependent);
            }
          }
        });
  }

  private static boolean isOwnedOnlyBy(HasMetadata object, String uid) {
    List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
    return owners.stream().allMatch(o -> uid.equals(o.getUid()));
  }

  /** The object with this key, if stored. */
  @SuppressWarnings("unchecked")
  public <T extends HasMetadata> Optional<T> get(ObjectKey key) {
    Slot slot = slot(key);
    return slot == null ? Optional.empty() : Optional.of((T) objectOf(slot));
  }

  /** Whether an object with this key is stored (without building one kept compact). */
  public boolean contains(ObjectKey key) {
    return slot(key) != null;
  }

  /** The object of {@code type} with this namespace and name, if stored. */
  public <T extends HasMetadata> Optional<T> get(
      ResourceType<T> type, String namespace, String name) {
    return get(new ObjectKey(type, type.namespaced() ? namespace : "", name));
  }

  /** Every object of {@code type}, by namespace and name. */
  @SuppressWarnings("unchecked")
  public <T extends HasMetadata> ImmutableList<T> list(ResourceType<T> type) {
    return (ImmutableList<T>) objectsOf(table(type).values());
  }

  /** The objects of {@code type} in one namespace, by name. */
  @SuppressWarnings("unchecked")
  public <T extends HasMetadata> ImmutableList<T> list(ResourceType<T> type, String namespace) {
    ObjectKey from = new ObjectKey(type, namespace, "\0");
    ObjectKey to = new ObjectKey(type, namespace + "\0", "\0");
    return (ImmutableList<T>) objectsOf(table(type).subMap(from, true, to, false).values());
  }

  private ImmutableList<HasMetadata> objectsOf(Collection<Slot> slots) {
    HasMetadata[] objects = new HasMetadata[slots.size()];
    int i = 0;
    for (Slot slot : slots) {
      objects[i++] = objectOf(slot);
    }
    return ImmutableList.copyOf(objects);
  }

  /** The objects of {@code type} in one namespace that carry the label {@code key=value}. */
  @SuppressWarnings("unchecked")
  public <T extends HasMetadata> ImmutableList<T> listByLabel(
      ResourceType<T> type, String namespace, String key, String value) {
    NavigableMap<ObjectKey, Slot> slots =
        labelIndex.get(new LabelIndexKey(type, namespace, key, value));
    return slots == null ? ImmutableList.of() : (ImmutableList<T>) objectsOf(slots.values());
  }

  /** How many objects of {@code type} carry the label {@code key=value} in a namespace. */
  public int countByLabel(ResourceType<?> type, String namespace, String key, String value) {
    NavigableMap<ObjectKey, Slot> slots =
        labelIndex.get(new LabelIndexKey(type, namespace, key, value));
    return slots == null ? 0 : slots.size();
  }

  /** How many undo actions the store holds (none outside a transaction). */
  int retainedUndoActions() {
    return undo.size();
  }

  /**
   * How many times objects of {@code type} have been created, replaced or removed (undone writes
   * included): a caller that keeps what it listed relists only when this moved, as the scheduler
   * keeps its node list for the pods of a settle.
   */
  public long changesOf(ResourceType<?> type) {
    return kept(type).changes;
  }

  /** The current resourceVersion of the store. */
  public long resourceVersion() {
    return resourceVersion;
  }

  private void put(ObjectKey key, HasMetadata object) {
    Slot slot = slot(key);
    HasMetadata previous = slot == null ? null : objectOf(slot);
    putRaw(key, object);
    undo.add(() -> putRaw(key, previous));
  }

  /** Adds the slot of a new key to the index by key and, when built, its type's ordered table. */
  private void putSlot(ObjectKey key, Slot slot) {
    checkState(slotsOf(key.type()).putIfAbsent(slot) == null, "%s has a slot already", key);
    addToOrdered(key, slot);
  }

  /** Adds the slot of a new key to its type's ordered table, when built. */
  private void addToOrdered(ObjectKey key, Slot slot) {
    NavigableMap<ObjectKey, Slot> table = kept(key.type()).ordered;
    if (table != null) {
      table.put(key, slot);
    }
  }

  private KeyTable<Slot> slotsOf(ResourceType<?> type) {
    return kept(type).byKey;
  }

  private void putRaw(ObjectKey key, @Nullable HasMetadata object) {
    changed(key.type());
    HasMetadata previous = null;
    Slot stored = null;
    if (object == null) {
      Slot removed = slotsOf(key.type()).remove(key);
      if (removed != null) {
        NavigableMap<ObjectKey, Slot> table = kept(key.type()).ordered;
        if (table != null) {
          table.remove(key);
        }
        previous = removed.object;
      }
    } else {
      stored = slot(key);
      if (stored == null) {
        stored = new Slot(key, object);
        putSlot(key, stored);
      } else {
        previous = stored.object;
        stored.set(object);
      }
    }
    if (previous != null && object != null && sameIndexEntries(previous, object)) {
      return;
    }
    if (previous != null) {
      unindex(key, previous);
    }
    if (stored != null && object != null) {
      index(key, stored, object);
    }
  }

  /**
   * Whether two states of an object hold the very same label map and owner list, so that the label
   * and owner indexes need no change: a status write's copy shares them with the stored object, and
   * most writes at scale are status writes.
   */
  @SuppressWarnings("ReferenceEquality") // the same instances, which the store never changes
  private static boolean sameIndexEntries(HasMetadata previous, HasMetadata object) {
    return previous.getMetadata().getLabels() == object.getMetadata().getLabels()
        && previous.getMetadata().getOwnerReferences() == object.getMetadata().getOwnerReferences();
  }

  /**
   * Adds an object to the label and owner indexes. Labels are walked with {@code forEach}, not
   * through {@code entrySet}, which a stored label map would keep as a view object of its own.
   */
  private void index(ObjectKey key, Slot slot, HasMetadata object) {
    labels(object)
        .forEach(
            (name, value) ->
                labelIndex
                    .computeIfAbsent(
                        new LabelIndexKey(key.type(), key.namespace(), name, value),
                        k -> new TreeMap<>())
                    .put(key, slot));
    for (OwnerReference owner : object.getMetadata().getOwnerReferences()) {
      dependents.computeIfAbsent(owner.getUid(), k -> new TreeSet<>()).add(key);
    }
  }

  private void unindex(ObjectKey key, HasMetadata object) {
    labels(object)
        .forEach(
            (name, value) -> {
              LabelIndexKey indexKey = new LabelIndexKey(key.type(), key.namespace(), name, value);
              NavigableMap<ObjectKey, Slot> slots = labelIndex.get(indexKey);
              if (slots != null) {
                slots.remove(key);
                if (slots.isEmpty()) {
                  labelIndex.remove(indexKey);
                }
              }
            });
    for (OwnerReference owner : object.getMetadata().getOwnerReferences()) {
      Set<ObjectKey> keys = dependents.get(owner.getUid());
      if (keys != null) {
        keys.remove(key);
        if (keys.isEmpty()) {
          dependents.remove(owner.getUid());
        }
      }
    }
  }

  private static Map<String, String> labels(HasMetadata object) {
    Map<String, String> labels = object.getMetadata().getLabels();
    return labels == null ? Map.of() : labels;
  }

  private String generateName(ResourceType<?> type, ObjectMeta meta) {
    String ns = type.namespaced() && meta.getNamespace() != null ? meta.getNamespace() : "";
    String name;
    do {
      name = meta.getGenerateName() + randomSuffix();
    } while (slot(new ObjectKey(type, ns, name)) != null);
    return name;
  }

  private String randomSuffix() {
    return random.nameSuffix(5);
  }

  @SuppressWarnings("unchecked")
  private <T extends HasMetadata> Admission<T> admission(ResourceType<T> type) {
    return (Admission<T>) kept(type).admission;
  }

  /** The spec of an object that has one; kinds without a spec keep generation 1. */
  private static @Nullable Object specOf(HasMetadata object) {
    Optional<Method> getter = SPEC_GETTER.get(object.getClass());
    if (getter.isEmpty()) {
      return null;
    }
    try {
      return getter.get().invoke(object);
    } catch (ReflectiveOperationException e) {
      return null;
    }
  }

  private void notify(ResourceType<?> type, WatchEvent<?> event) {
    if (transactionEvents != null) {
      transactionEvents.add(new Pending(type, event));
    } else {
      deliver(type, event);
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void deliver(ResourceType<?> type, WatchEvent<?> event) {
    Watchers current = kept(type).watchers;
    if (current == null) {
      return;
    }
    ImmutableList<ResourceEventHandler<?>> snapshot = current.handlers();
    loop.schedule(
        watchLatency,
        current.label(),
        () -> {
          for (ResourceEventHandler handler : snapshot) {
            ((WatchEvent) event).dispatch(handler);
          }
        });
  }
}
