package dev.ksim.controller.deployment;

import dev.ksim.apiserver.ApiException;
import dev.ksim.apiserver.ApiStore;
import dev.ksim.apiserver.LabelSelectors;
import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceEventHandler;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.controller.Owners;
import dev.ksim.controller.WorkQueue;
import dev.ksim.record.EventRecorder;
import dev.ksim.record.EventType;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reconciles Deployments as upstream's deployment controller does for the RollingUpdate and
 * Recreate strategies: finds or creates the ReplicaSet of the current template, scales it up within
 * maxSurge and old ReplicaSets down within maxUnavailable, keeps {@code revisionHistoryLimit} old
 * ReplicaSets, and reports replicas, updated, ready and available pods.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/master/pkg/controller/deployment/rolling.go">deployment/rolling.go</a>
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/controller/deployment/sync.go">deployment/sync.go:
 *     ScalingReplicaSet "Scaled up|down replica set %s from %d to %d"</a>
 */
public final class DeploymentController {
  static final String POD_TEMPLATE_HASH = "pod-template-hash";
  static final String REVISION = "deployment.kubernetes.io/revision";
  private static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
  private static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";

  private final ApiStore store;
  private final WorkQueue<ObjectKey> queue;
  private final EventRecorder recorder;

  /**
   * Each Deployment's template hash for the generation it was worked out for: hashing serialises
   * the whole template, and a Deployment syncs each time one of its ReplicaSets changes.
   */
  private final Map<ObjectKey, TemplateHash> templateHashes = new HashMap<>();

  private record TemplateHash(String uid, long generation, int collisions, String value) {}

  public DeploymentController(ApiStore store, Duration delay) {
    this.store = store;
    this.recorder = new EventRecorder(store, "deployment-controller", "");
    this.queue = new WorkQueue<>(store.loop(), delay, "deployment-controller", this::sync);
    store.watch(
        ResourceType.DEPLOYMENT,
        ResourceEventHandler.onAnyChange(d -> queue.add(ObjectKey.of(ResourceType.DEPLOYMENT, d))));
    store.watch(
        ResourceType.REPLICA_SET,
        ResourceEventHandler.onAnyChange(
            rs -> Owners.queueController(rs, ResourceType.DEPLOYMENT, queue)));
  }

  private void sync(ObjectKey key) {
    Optional<Deployment> found = store.get(key);
    if (found.isEmpty() || found.get().getMetadata().getDeletionTimestamp() != null) {
      templateHashes.remove(key);
      return;
    }
    Deployment d = found.get();
    List<ReplicaSet> all = ownedReplicaSets(d);
    long listedAt = store.resourceVersion();
    ReplicaSet newRs = findOrCreateNewReplicaSet(d, all);
    if (store.resourceVersion() != listedAt) {
      all = ownedReplicaSets(d);
      listedAt = store.resourceVersion();
    }
    String newName = newRs.getMetadata().getName();
    List<ReplicaSet> old = new ArrayList<>(all.size());
    for (ReplicaSet rs : all) {
      if (rs.getMetadata().getName().equals(newName)) {
        newRs = rs;
      } else {
        old.add(rs);
      }
    }
    if (Boolean.TRUE.equals(d.getSpec().getPaused())) {
      updateStatus(d, newRs, all);
      return;
    }
    if ("Recreate".equals(d.getSpec().getStrategy().getType())) {
      recreate(d, newRs, old);
    } else {
      rollingUpdate(d, newRs, old);
    }
    // Most syncs (a ReplicaSet's status moved) write nothing before here: the ReplicaSets are as
    // listed. Every create and change bumps the store's resourceVersion; a delete does not, so
    // cleanupHistory says whether it deleted.
    if (store.resourceVersion() != listedAt) {
      all = ownedReplicaSets(d);
      listedAt = store.resourceVersion();
    }
    boolean deleted = cleanupHistory(d, all, newName);
    List<ReplicaSet> now =
        deleted || store.resourceVersion() != listedAt ? ownedReplicaSets(d) : all;
    updateStatus(d, named(now, newName, newRs), now);
  }

  /** The ReplicaSet of {@code all} named {@code name}, else {@code otherwise}. */
  private static ReplicaSet named(List<ReplicaSet> all, String name, ReplicaSet otherwise) {
    for (ReplicaSet rs : all) {
      if (rs.getMetadata().getName().equals(name)) {
        return rs;
      }
    }
    return otherwise;
  }

  /** The ReplicaSets this Deployment controls, found through one of its selector's labels. */
  private List<ReplicaSet> ownedReplicaSets(Deployment d) {
    String uid = d.getMetadata().getUid();
    String ns = d.getMetadata().getNamespace();
    List<ReplicaSet> candidates =
        LabelSelectors.anyRequiredPair(d.getSpec().getSelector())
            .map(
                pair ->
                    store.listByLabel(ResourceType.REPLICA_SET, ns, pair.getKey(), pair.getValue()))
            .orElseGet(() -> store.list(ResourceType.REPLICA_SET, ns));
    List<ReplicaSet> owned = new ArrayList<>(candidates.size());
    for (ReplicaSet rs : candidates) {
      if (Owners.isControlledBy(rs, uid)) {
        owned.add(rs);
      }
    }
    return owned;
  }

  /** The template's hash, worked out again only when the spec (hence the generation) changed. */
  private String templateHash(Deployment d, int collisions) {
    ObjectKey key = ObjectKey.of(ResourceType.DEPLOYMENT, d);
    String uid = d.getMetadata().getUid();
    long generation = d.getMetadata().getGeneration() == null ? 0 : d.getMetadata().getGeneration();
    TemplateHash known = templateHashes.get(key);
    if (known != null
        && known.uid().equals(uid)
        && known.generation() == generation
        && known.collisions() == collisions) {
      return known.value();
    }
    String value = PodTemplateHash.of(d.getSpec().getTemplate(), collisions);
    templateHashes.put(key, new TemplateHash(uid, generation, collisions, value));
    return value;
  }

  private ReplicaSet findOrCreateNewReplicaSet(Deployment d, List<ReplicaSet> all) {
    int collisions =
        d.getStatus() == null || d.getStatus().getCollisionCount() == null
            ? 0
            : d.getStatus().getCollisionCount();
    String hash = templateHash(d, collisions);
    int maxRevision = 0;
    for (ReplicaSet rs : all) {
      maxRevision = Math.max(maxRevision, revision(rs));
    }
    for (ReplicaSet rs : all) {
      Map<String, String> labels = rs.getMetadata().getLabels();
      if (labels != null && hash.equals(labels.get(POD_TEMPLATE_HASH))) {
        if (revision(rs) < maxRevision) {
          int next = maxRevision + 1;
          return store.modify(
              ResourceType.REPLICA_SET,
              rs.getMetadata().getNamespace(),
              rs.getMetadata().getName(),
              r -> r.getMetadata().getAnnotations().put(REVISION, Integer.toString(next)));
        }
        return rs;
      }
    }
    int replicas = d.getSpec().getReplicas();
    int initial = all.isEmpty() ? replicas : newReplicaSetScaleUp(d, 0, all);
    ReplicaSet rs = newReplicaSet(d, hash, initial, maxRevision + 1);
    ReplicaSet created;
    try {
      created = store.create(ResourceType.REPLICA_SET, rs);
    } catch (ApiException refused) {
      // sync.go getNewReplicaSet: FailedRSCreateReason, then the error requeues the Deployment
      recorder.event(
          d,
          EventType.WARNING,
          "ReplicaSetCreateError",
          "Failed to create new replica set \""
              + rs.getMetadata().getName()
              + "\": "
              + refused.getMessage());
      throw refused;
    }
    if (initial > 0) {
      recordScaling(d, created, 0, initial);
    }
    return created;
  }

  /**
   * The ReplicaSet of the Deployment's current template, set field by field: the template's spec is
   * the Deployment's own, shared, since the store copies what it is given (one copy of the pod spec
   * rather than the builders' two, for each of thousands of Deployments).
   */
  private ReplicaSet newReplicaSet(Deployment d, String hash, int replicas, int revision) {
    PodTemplateSpec deployed = d.getSpec().getTemplate();
    Map<String, String> labels = withHash(deployed.getMetadata().getLabels(), hash);
    PodTemplateSpec template =
        new PodTemplateSpec(
            new ObjectMetaBuilder(deployed.getMetadata()).withLabels(labels).build(),
            deployed.getSpec());
    LabelSelector selector =
        new LabelSelector(
            d.getSpec().getSelector().getMatchExpressions(),
            withHash(d.getSpec().getSelector().getMatchLabels(), hash));
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(DESIRED_REPLICAS, Integer.toString(d.getSpec().getReplicas()));
    annotations.put(MAX_REPLICAS, Integer.toString(d.getSpec().getReplicas() + maxSurge(d)));
    annotations.put(REVISION, Integer.toString(revision));
    ObjectMeta meta = new ObjectMeta();
    meta.setName(d.getMetadata().getName() + "-" + hash);
    meta.setNamespace(d.getMetadata().getNamespace());
    meta.setLabels(labels);
    meta.setAnnotations(annotations);
    meta.setOwnerReferences(List.of(Owners.controllerReference(d)));
    ReplicaSetSpec spec = new ReplicaSetSpec();
    spec.setReplicas(replicas);
    spec.setSelector(selector);
    spec.setTemplate(template);
    spec.setMinReadySeconds(d.getSpec().getMinReadySeconds());
    ReplicaSet rs = new ReplicaSet();
    rs.setMetadata(meta);
    rs.setSpec(spec);
    return rs;
  }

  /** {@code labels} and the {@code pod-template-hash} label. */
  private static Map<String, String> withHash(@Nullable Map<String, String> labels, String hash) {
    Map<String, String> result =
        labels == null ? new LinkedHashMap<>() : new LinkedHashMap<>(labels);
    result.put(POD_TEMPLATE_HASH, hash);
    return result;
  }

  /** The ScalingReplicaSet event of a ReplicaSet scaled from {@code from} to {@code to}. */
  private void recordScaling(Deployment d, ReplicaSet rs, int from, int to) {
    recorder.event(
        d,
        EventType.NORMAL,
        "ScalingReplicaSet",
        "Scaled "
            + (to > from ? "up" : "down")
            + " replica set "
            + rs.getMetadata().getName()
            + " from "
            + from
            + " to "
            + to);
  }

  private static int revision(ReplicaSet rs) {
    Map<String, String> annotations = rs.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(REVISION);
    try {
      return value == null ? 0 : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static int replicasOf(ReplicaSet rs) {
    return rs.getSpec().getReplicas() == null ? 0 : rs.getSpec().getReplicas();
  }

  private static int availableOf(ReplicaSet rs) {
    return rs.getStatus() == null || rs.getStatus().getAvailableReplicas() == null
        ? 0
        : rs.getStatus().getAvailableReplicas();
  }

  private static int intOrPercent(IntOrString value, int total, boolean roundUp) {
    if (value.getIntVal() != null) {
      return value.getIntVal();
    }
    String text = value.getStrVal() == null ? "0%" : value.getStrVal();
    // admission lets only [0-9]+% through (WorkloadStrategy); read in place, and a percent too big
    // for an int as a double, so that it scales to the largest count rather than failing the sync
    int end = text.length() - 1;
    double number =
        end <= 9 ? Integer.parseInt(text, 0, end, 10) : Double.parseDouble(text.substring(0, end));
    double scaled = number * total / 100.0;
    return (int) (roundUp ? Math.ceil(scaled) : Math.floor(scaled));
  }

  /**
   * maxSurge and maxUnavailable resolved against the replicas (surge rounds up, unavailable down);
   * when both come to 0, unavailable becomes 1, as ResolveFenceposts does.
   */
  private static int[] fenceposts(Deployment d) {
    if (!"RollingUpdate".equals(d.getSpec().getStrategy().getType())) {
      return new int[] {0, 0};
    }
    int replicas = d.getSpec().getReplicas();
    var rolling = d.getSpec().getStrategy().getRollingUpdate();
    int surge = intOrPercent(rolling.getMaxSurge(), replicas, true);
    int unavailable = intOrPercent(rolling.getMaxUnavailable(), replicas, false);
    if (surge == 0 && unavailable == 0) {
      unavailable = 1;
    }
    return new int[] {surge, Math.min(unavailable, replicas)};
  }

  private static int maxSurge(Deployment d) {
    return fenceposts(d)[0];
  }

  private static int maxUnavailable(Deployment d) {
    return fenceposts(d)[1];
  }

  /** NewRSNewReplicas: how far the new ReplicaSet may grow now. */
  private static int newReplicaSetScaleUp(Deployment d, int newReplicas, List<ReplicaSet> all) {
    int replicas = d.getSpec().getReplicas();
    int current = totalReplicas(all);
    int maxTotal = replicas + maxSurge(d);
    if (current >= maxTotal) {
      return newReplicas;
    }
    int scaleUp = Math.min(maxTotal - current, replicas - newReplicas);
    return newReplicas + Math.max(scaleUp, 0);
  }

  private static int totalReplicas(List<ReplicaSet> all) {
    int total = 0;
    for (ReplicaSet rs : all) {
      total += replicasOf(rs);
    }
    return total;
  }

  private void rollingUpdate(Deployment d, ReplicaSet newRs, List<ReplicaSet> old) {
    int replicas = d.getSpec().getReplicas();
    List<ReplicaSet> all = new ArrayList<>(old);
    all.add(newRs);
    int newReplicas = replicasOf(newRs);
    if (newReplicas > replicas) {
      scale(newRs, replicas, d);
      newRs = refreshed(newRs);
    } else if (newReplicas < replicas) {
      int target = newReplicaSetScaleUp(d, newReplicas, all);
      if (target != newReplicas) {
        scale(newRs, target, d);
        newRs = refreshed(newRs);
      }
    }
    List<ReplicaSet> activeOld = new ArrayList<>();
    for (ReplicaSet rs : old) {
      if (replicasOf(rs) > 0) {
        activeOld.add(rs);
      }
    }
    if (activeOld.isEmpty()) {
      return;
    }
    all = new ArrayList<>(old);
    all.add(newRs);
    int allPods = totalReplicas(all);
    int minAvailable = replicas - maxUnavailable(d);
    int newUnavailable = replicasOf(newRs) - availableOf(newRs);
    int maxScaledDown = allPods - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) {
      return;
    }
    List<ReplicaSet> oldestFirst = new ArrayList<>(activeOld);
    oldestFirst.sort(
        Comparator.comparing((ReplicaSet rs) -> rs.getMetadata().getCreationTimestamp())
            .thenComparing(rs -> rs.getMetadata().getName()));
    int cleaned = 0;
    for (ReplicaSet rs : oldestFirst) {
      if (cleaned >= maxScaledDown) {
        break;
      }
      int unhealthy = replicasOf(rs) - availableOf(rs);
      int down = Math.min(unhealthy, maxScaledDown - cleaned);
      if (down > 0) {
        scale(rs, replicasOf(rs) - down, d);
        cleaned += down;
      }
    }
    int available =
        old.stream().map(this::refreshed).mapToInt(DeploymentController::availableOf).sum()
            + availableOf(newRs);
    int totalScaleDown = Math.min(available - minAvailable, maxScaledDown - cleaned);
    for (ReplicaSet rs : oldestFirst) {
      if (totalScaleDown <= 0) {
        break;
      }
      ReplicaSet current = refreshed(rs);
      int down = Math.min(replicasOf(current), totalScaleDown);
      if (down > 0) {
        scale(current, replicasOf(current) - down, d);
        totalScaleDown -= down;
      }
    }
  }

  private void recreate(Deployment d, ReplicaSet newRs, List<ReplicaSet> old) {
    boolean oldRunning = false;
    for (ReplicaSet rs : old) {
      if (replicasOf(rs) > 0) {
        scale(rs, 0, d);
      }
      int pods =
          rs.getStatus() == null || rs.getStatus().getReplicas() == null
              ? 0
              : rs.getStatus().getReplicas();
      oldRunning |= pods > 0 || replicasOf(rs) > 0;
    }
    if (!oldRunning && replicasOf(newRs) != d.getSpec().getReplicas()) {
      scale(newRs, d.getSpec().getReplicas(), d);
    }
  }

  private ReplicaSet refreshed(ReplicaSet rs) {
    return store.<ReplicaSet>get(ObjectKey.of(ResourceType.REPLICA_SET, rs)).orElse(rs);
  }

  private void scale(ReplicaSet rs, int replicas, Deployment d) {
    int from = replicasOf(rs);
    if (from != replicas) {
      recordScaling(d, rs, from, replicas);
    }
    store.modify(
        ResourceType.REPLICA_SET,
        rs.getMetadata().getNamespace(),
        rs.getMetadata().getName(),
        r -> {
          r.getSpec().setReplicas(replicas);
          r.getMetadata()
              .getAnnotations()
              .put(DESIRED_REPLICAS, Integer.toString(d.getSpec().getReplicas()));
          r.getMetadata()
              .getAnnotations()
              .put(MAX_REPLICAS, Integer.toString(d.getSpec().getReplicas() + maxSurge(d)));
        });
  }

  /** Deletes the oldest unused ReplicaSets beyond the history limit; whether it deleted any. */
  private boolean cleanupHistory(Deployment d, List<ReplicaSet> all, String newName) {
    int limit =
        d.getSpec().getRevisionHistoryLimit() == null ? 10 : d.getSpec().getRevisionHistoryLimit();
    List<ReplicaSet> cleanable = new ArrayList<>();
    for (ReplicaSet rs : all) {
      if (!rs.getMetadata().getName().equals(newName)
          && replicasOf(rs) == 0
          && (rs.getStatus() == null
              || rs.getStatus().getReplicas() == null
              || rs.getStatus().getReplicas() == 0)) {
        cleanable.add(rs);
      }
    }
    if (cleanable.size() <= limit) {
      return false;
    }
    cleanable.sort(Comparator.comparingInt(DeploymentController::revision));
    for (ReplicaSet rs : cleanable.subList(0, cleanable.size() - limit)) {
      store.delete(ObjectKey.of(ResourceType.REPLICA_SET, rs));
    }
    return true;
  }

  private void updateStatus(Deployment d, ReplicaSet newRs, List<ReplicaSet> all) {
    int replicas = 0;
    int ready = 0;
    int available = 0;
    for (ReplicaSet rs : all) {
      if (rs.getStatus() != null) {
        replicas += rs.getStatus().getReplicas() == null ? 0 : rs.getStatus().getReplicas();
        ready += rs.getStatus().getReadyReplicas() == null ? 0 : rs.getStatus().getReadyReplicas();
        available += availableOf(rs);
      }
    }
    int updated =
        newRs.getStatus() == null || newRs.getStatus().getReplicas() == null
            ? 0
            : newRs.getStatus().getReplicas();
    int desired = d.getSpec().getReplicas();
    DeploymentStatus status = new DeploymentStatus();
    status.setObservedGeneration(d.getMetadata().getGeneration());
    status.setReplicas(replicas);
    status.setUpdatedReplicas(updated);
    status.setReadyReplicas(ready);
    status.setAvailableReplicas(available);
    status.setUnavailableReplicas(Math.max(desired - available, 0));
    if (d.getStatus() != null) {
      status.setCollisionCount(d.getStatus().getCollisionCount());
    }
    boolean minimumAvailable =
        available
            >= desired
                - ("RollingUpdate".equals(d.getSpec().getStrategy().getType())
                    ? maxUnavailable(d)
                    : 0);
    boolean complete = updated == desired && replicas == desired && available == desired;
    List<DeploymentCondition> conditions = new ArrayList<>();
    conditions.add(
        condition(
            d,
            "Available",
            minimumAvailable ? "True" : "False",
            minimumAvailable ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
            minimumAvailable
                ? "Deployment has minimum availability."
                : "Deployment does not have minimum availability."));
    conditions.add(
        condition(
            d,
            "Progressing",
            "True",
            complete ? "NewReplicaSetAvailable" : "ReplicaSetUpdated",
            complete
                ? "ReplicaSet \""
                    + newRs.getMetadata().getName()
                    + "\" has successfully progressed."
                : "ReplicaSet \"" + newRs.getMetadata().getName() + "\" is progressing."));
    status.setConditions(conditions);
    if (!Objects.equals(d.getStatus(), status)) {
      store.modifyStatus(
          ResourceType.DEPLOYMENT,
          d.getMetadata().getNamespace(),
          d.getMetadata().getName(),
          x -> x.setStatus(status));
    }
  }

  /** A condition, keeping its transition time when its status did not change. */
  private DeploymentCondition condition(
      Deployment d, String type, String value, String reason, String message) {
    String now = store.loop().clock().timestamp();
    String transition = now;
    String update = now;
    DeploymentCondition previous = previousCondition(d, type);
    if (previous != null && value.equals(previous.getStatus())) {
      transition = Objects.requireNonNullElse(previous.getLastTransitionTime(), now);
      if (reason.equals(previous.getReason()) && message.equals(previous.getMessage())) {
        update = Objects.requireNonNullElse(previous.getLastUpdateTime(), now);
      }
    }
    DeploymentCondition condition = new DeploymentCondition();
    condition.setType(type);
    condition.setStatus(value);
    condition.setReason(reason);
    condition.setMessage(message);
    condition.setLastTransitionTime(transition);
    condition.setLastUpdateTime(update);
    // none, as the builder this replaces left it: the status is compared with the stored one
    condition.setAdditionalProperties(null);
    return condition;
  }

  private static @Nullable DeploymentCondition previousCondition(Deployment d, String type) {
    if (d.getStatus() == null) {
      return null;
    }
    for (DeploymentCondition c : d.getStatus().getConditions()) {
      if (type.equals(c.getType())) {
        return c;
      }
    }
    return null;
  }
}
