package dev.ksim.scheduler;

import com.google.common.collect.ImmutableList;
import dev.ksim.api.pod.PodUtil;
import dev.ksim.apiserver.ApiStore;
import dev.ksim.apiserver.LabelSelectors;
import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceEventHandler;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.controller.Owners;
import dev.ksim.controller.WorkQueue;
import dev.ksim.record.EventRecorder;
import dev.ksim.record.EventType;
import dev.ksim.sim.SimRandom;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Schedules pods onto nodes. Filters run in the order the scheduler's plugins do (NodeName,
 * NodeUnschedulable, TaintToleration, NodeAffinity, InterPodAffinity); among the nodes left the one
 * with the fewest pods of the same owner wins, then the one with fewest pods, ties broken by the
 * seeded random source.
 *
 * <p>It records the scheduler's events: Scheduled when it binds a pod, FailedScheduling (with the
 * condition's message) when an attempt finds no node for a new reason. Upstream's events library
 * folds repeated failures into an event series written to the API only every half hour; ksim writes
 * none for a repeat, so thousands of waiting pods retried at each cluster change cost no writes.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/scheduler/schedule_one.go">schedule_one.go
 *     (Scheduled, FailedScheduling)</a>
 */
public final class PodScheduler {
  private static final String HOSTNAME_LABEL = "kubernetes.io/hostname";

  private final ApiStore store;
  private final SimRandom random;
  private final WorkQueue<ObjectKey> queue;
  private final NodeLoads loads = new NodeLoads();
  private NodeView view = new NodeView(-1, ImmutableList.of(), loads);
  private final Set<ObjectKey> assumed = new HashSet<>();
  private final Set<ObjectKey> unschedulable = new TreeSet<>();
  private final Set<ObjectKey> withAntiAffinity = new TreeSet<>();
  private final VolumeBinding volumes;
  private final EventRecorder recorder;

  public PodScheduler(ApiStore store, SimRandom random, Duration delay) {
    this.store = store;
    this.random = random;
    this.queue = new WorkQueue<>(store.loop(), delay, "scheduler", this::schedule);
    this.volumes = new VolumeBinding(store);
    this.recorder = new EventRecorder(store, "default-scheduler", "");
    store.watch(
        ResourceType.POD,
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(Pod pod) {
            if (!PodUtil.nodeName(pod).isEmpty()) {
              account(pod, 1);
            }
            enqueueIfPending(pod);
          }

          @Override
          public void onUpdate(Pod old, Pod pod) {
            if (PodUtil.nodeName(old).isEmpty() && !PodUtil.nodeName(pod).isEmpty()) {
              account(pod, 1);
            }
            enqueueIfPending(pod);
          }

          @Override
          public void onDelete(Pod pod) {
            ObjectKey key = ObjectKey.of(ResourceType.POD, pod);
            unschedulable.remove(key);
            if (!PodUtil.nodeName(pod).isEmpty()) {
              assumed.remove(key);
              account(pod, -1);
            }
            retryUnschedulable();
          }
        });
    store.watch(ResourceType.NODE, ResourceEventHandler.onAnyChange(n -> retryUnschedulable()));
    store.watch(
        ResourceType.PERSISTENT_VOLUME_CLAIM,
        ResourceEventHandler.onAnyChange(c -> retryUnschedulable()));
    store.watch(
        ResourceType.PERSISTENT_VOLUME,
        ResourceEventHandler.onAnyChange(v -> retryUnschedulable()));
  }

  /**
   * Counts a pod on its node (delta -1 when it goes); a pod the scheduler bound is counted once.
   */
  private void account(Pod pod, int delta) {
    ObjectKey key = ObjectKey.of(ResourceType.POD, pod);
    if (delta > 0 && assumed.remove(key)) {
      return;
    }
    count(pod, PodUtil.nodeName(pod), delta);
  }

  private void count(Pod pod, String node, int delta) {
    ObjectKey key = ObjectKey.of(ResourceType.POD, pod);
    loads.add(ownerUid(pod), node, delta);
    if (!requiredAntiAffinity(pod).isEmpty()) {
      if (delta > 0) {
        withAntiAffinity.add(key);
      } else {
        withAntiAffinity.remove(key);
      }
    }
  }

  private void enqueueIfPending(Pod pod) {
    if (PodUtil.nodeName(pod).isEmpty() && PodUtil.isActive(pod) && !isUnschedulable(pod)) {
      queue.add(ObjectKey.of(ResourceType.POD, pod));
    }
  }

  private static boolean isUnschedulable(Pod pod) {
    return PodUtil.condition(pod, "PodScheduled")
        .map(c -> "False".equals(c.getStatus()))
        .orElse(false);
  }

  private void retryUnschedulable() {
    for (ObjectKey key : List.copyOf(unschedulable)) {
      queue.add(key);
    }
  }

  private void schedule(ObjectKey key) {
    Optional<Pod> found = store.get(key);
    if (found.isEmpty()
        || !PodUtil.nodeName(found.get()).isEmpty()
        || !PodUtil.isActive(found.get())) {
      return;
    }
    Pod pod = found.get();
    NodeView current = nodeView();
    List<Node> nodes = current.nodes;
    Optional<String> unresolvable = volumes.preFilter(pod);
    if (unresolvable.isPresent()) {
      unschedulable.add(key);
      markUnschedulable(pod, nodes.size(), Map.of(), unresolvable.get());
      return;
    }
    List<Pod> assigned = needsPodAffinity(pod) ? assignedPods() : List.of();
    PodRules rules =
        new PodRules(
            requiredAntiAffinity(pod),
            requiredAffinity(pod),
            podsWithAntiAffinity(),
            volumes.hasClaims(pod));
    Map<String, Integer> reasons = new TreeMap<>();
    int feasibleCount = filterNodes(pod, rules, current, assigned, reasons);
    if (feasibleCount == 0) {
      unschedulable.add(key);
      markUnschedulable(pod, nodes.size(), reasons, "");
      return;
    }
    unschedulable.remove(key);
    Node chosen = pickBest(pod, current, current.feasible, feasibleCount);
    volumes.assume(pod, chosen.getMetadata().getName());
    assumed.add(key);
    count(pod, chosen.getMetadata().getName(), 1);
    PodCondition scheduled = scheduledCondition(store.loop().clock().timestamp());
    store.bind(
        key.namespace(),
        key.name(),
        chosen.getMetadata().getName(),
        p -> replaceCondition(p, scheduled));
    recorder.event(
        pod,
        EventType.NORMAL,
        "Scheduled",
        "Successfully assigned "
            + key.namespace()
            + "/"
            + key.name()
            + " to "
            + chosen.getMetadata().getName());
  }

  /**
   * The PodScheduled condition of a binding, equal to the one the builder made, made with its
   * constructor: a builder's fluent and visitables, three objects more per pod, were a good part of
   * what scheduling 100,000 pods allocated.
   */
  static PodCondition scheduledCondition(String now) {
    return new PodCondition(null, now, null, null, "True", "PodScheduled");
  }

  /**
   * Puts the positions of the nodes {@code pod} fits in {@code current}'s feasible array, counting
   * in {@code reasons} why each other node does not fit; how many fit. A method of its own, so that
   * the JIT compiles this loop over every node once, small, rather than the whole of {@link
   * #schedule} a second time on the stack (on-stack replacement) while the first pods are placed.
   */
  private int filterNodes(
      Pod pod, PodRules rules, NodeView current, List<Pod> assigned, Map<String, Integer> reasons) {
    List<Node> nodes = current.nodes;
    boolean openNodesFit = !rules.hasPodTerms() && !rules.claims() && !hasNodeRules(pod);
    int feasibleCount = 0;
    for (int i = 0; i < nodes.size(); i++) {
      Optional<String> reason =
          openNodesFit && current.open[i]
              ? Optional.empty()
              : filter(pod, rules, nodes.get(i), nodes, assigned);
      if (reason.isPresent()) {
        reasons.merge(reason.get(), 1, Integer::sum);
      } else {
        current.feasible[feasibleCount++] = i;
      }
    }
    return feasibleCount;
  }

  private static List<PodAffinityTerm> requiredAntiAffinity(Pod pod) {
    Affinity affinity = pod.getSpec().getAffinity();
    return affinity == null || affinity.getPodAntiAffinity() == null
        ? List.of()
        : affinity.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
  }

  private static List<PodAffinityTerm> requiredAffinity(Pod pod) {
    Affinity affinity = pod.getSpec().getAffinity();
    return affinity == null || affinity.getPodAffinity() == null
        ? List.of()
        : affinity.getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
  }

  /** Whether scheduling this pod needs the list of bound pods (its own required pod rules). */
  private static boolean needsPodAffinity(Pod pod) {
    return !requiredAntiAffinity(pod).isEmpty() || !requiredAffinity(pod).isEmpty();
  }

  private List<Pod> assignedPods() {
    return store.list(ResourceType.POD).stream()
        .filter(p -> !PodUtil.nodeName(p).isEmpty())
        .toList();
  }

  /** The bound pods whose own required anti-affinity the incoming pod must respect. */
  private List<Pod> podsWithAntiAffinity() {
    List<Pod> pods = new ArrayList<>();
    for (ObjectKey key : withAntiAffinity) {
      store.<Pod>get(key).filter(p -> !PodUtil.nodeName(p).isEmpty()).ifPresent(pods::add);
    }
    return pods;
  }

  private static void replaceCondition(Pod pod, PodCondition condition) {
    List<PodCondition> conditions = new ArrayList<>(pod.getStatus().getConditions());
    conditions.removeIf(c -> condition.getType().equals(c.getType()));
    conditions.add(condition);
    pod.getStatus().setConditions(conditions);
  }

  /**
   * Records why the pod fits nowhere, worded as the scheduler's FitError: each reason with its node
   * count, sorted as strings, then what preemption found. All simulated pods have the same
   * priority, so preemption never finds victims where a pod rule failed and is not helpful where a
   * node property (taint, selector, affinity to the node) failed.
   */
  /**
   * Marks {@code pod} unschedulable with the scheduler's message: the filters' {@code reasons}
   * counted per node, or one {@code preFilter} reason that holds for every node.
   */
  private void markUnschedulable(
      Pod pod, int nodeCount, Map<String, Integer> reasons, String preFilter) {
    StringBuilder message = new StringBuilder();
    message.append("0/").append(nodeCount).append(" nodes are available");
    if (!preFilter.isEmpty()) {
      message
          .append(": ")
          .append(preFilter)
          .append(". preemption: 0/")
          .append(nodeCount)
          .append(" nodes are available: ")
          .append(nodeCount)
          .append(" Preemption is not helpful for scheduling.");
    } else if (nodeCount > 0) {
      List<String> parts = new ArrayList<>();
      Map<String, Integer> preemption = new TreeMap<>();
      reasons.forEach(
          (reason, count) -> {
            parts.add(count + " " + reason);
            String outcome =
                reason.contains("pod anti-affinity") || reason.contains("pod affinity")
                    ? "No preemption victims found for incoming pod"
                    : "Preemption is not helpful for scheduling";
            preemption.merge(outcome, count, Integer::sum);
          });
      List<String> preemptionParts = new ArrayList<>();
      preemption.forEach((outcome, count) -> preemptionParts.add(count + " " + outcome));
      parts.sort(null);
      preemptionParts.sort(null);
      message.append(": ").append(String.join(", ", parts)).append('.');
      message
          .append(" preemption: 0/")
          .append(nodeCount)
          .append(" nodes are available: ")
          .append(String.join(", ", preemptionParts))
          .append('.');
    } else {
      message.append('.');
    }
    PodCondition condition =
        new PodConditionBuilder()
            .withType("PodScheduled")
            .withStatus("False")
            .withReason("Unschedulable")
            .withMessage(message.toString())
            .withLastTransitionTime(store.loop().clock().timestamp())
            .build();
    Optional<PodCondition> previous = PodUtil.condition(pod, "PodScheduled");
    if (previous.isPresent()
        && Objects.equals(previous.get().getMessage(), condition.getMessage())
        && "False".equals(previous.get().getStatus())) {
      return;
    }
    recorder.event(pod, EventType.WARNING, "FailedScheduling", message.toString());
    store.modifyStatus(
        ResourceType.POD,
        pod.getMetadata().getNamespace(),
        pod.getMetadata().getName(),
        p -> replaceCondition(p, condition));
  }

  /**
   * What of a pod's scheduling rules is the same for every node, worked out once per attempt rather
   * than once per node (100 nodes make a hundred filter calls per pod).
   *
   * @param antiAffinity the pod's required pod anti-affinity terms
   * @param affinity the pod's required pod affinity terms
   * @param guarded the bound pods whose own required anti-affinity the pod must respect
   * @param claims whether the pod mounts PersistentVolumeClaims (VolumeBinding has work)
   */
  private record PodRules(
      List<PodAffinityTerm> antiAffinity,
      List<PodAffinityTerm> affinity,
      List<Pod> guarded,
      boolean claims) {
    /**
     * Whether any inter-pod term applies: most pods have none, and a node's check then walks none
     * of the lists (each walk made an iterator, for every node of every pod).
     */
    boolean hasPodTerms() {
      return !antiAffinity.isEmpty() || !affinity.isEmpty() || !guarded.isEmpty();
    }
  }

  /** The reason {@code node} is filtered out, worded as the scheduler's plugins say it. */
  private Optional<String> filter(
      Pod pod, PodRules rules, Node node, List<Node> nodes, List<Pod> assigned) {
    if (Boolean.TRUE.equals(node.getSpec().getUnschedulable())
        && !tolerates(
            pod, new Taint("NoSchedule", "node.kubernetes.io/unschedulable", null, null))) {
      return Optional.of("node(s) were unschedulable");
    }
    for (Taint taint : node.getSpec().getTaints()) {
      if (("NoSchedule".equals(taint.getEffect()) || "NoExecute".equals(taint.getEffect()))
          && !tolerates(pod, taint)) {
        return Optional.of(
            "node(s) had untolerated taint {"
                + taint.getKey()
                + ": "
                + (taint.getValue() == null ? "" : taint.getValue())
                + "}");
      }
    }
    Map<String, String> nodeLabels = labels(node.getMetadata().getLabels());
    Map<String, String> nodeSelector = pod.getSpec().getNodeSelector();
    if (nodeSelector != null
        && !nodeSelector.isEmpty()
        && !nodeLabels.entrySet().containsAll(nodeSelector.entrySet())) {
      return Optional.of("node(s) didn't match Pod's node affinity/selector");
    }
    Affinity affinity = pod.getSpec().getAffinity();
    if (affinity != null
        && affinity.getNodeAffinity() != null
        && affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() != null) {
      List<NodeSelectorTerm> terms =
          affinity
              .getNodeAffinity()
              .getRequiredDuringSchedulingIgnoredDuringExecution()
              .getNodeSelectorTerms();
      if (terms.stream().noneMatch(t -> matchesTerm(t, node))) {
        return Optional.of("node(s) didn't match Pod's node affinity/selector");
      }
    }
    if (rules.hasPodTerms()) {
      Optional<String> reason = podTermsReason(pod, rules, node, nodes, assigned);
      if (reason.isPresent()) {
        return reason;
      }
    }
    return rules.claims() ? volumes.filter(pod, node) : Optional.empty();
  }

  /** The reason the pod's or bound pods' (anti-)affinity terms keep the pod off {@code node}. */
  private Optional<String> podTermsReason(
      Pod pod, PodRules rules, Node node, List<Node> nodes, List<Pod> assigned) {
    for (PodAffinityTerm term : rules.antiAffinity()) {
      if (anyMatchingPodInDomain(pod, term, node, nodes, assigned)) {
        return Optional.of("node(s) didn't match pod anti-affinity rules");
      }
    }
    for (Pod other : rules.guarded()) {
      for (PodAffinityTerm term : requiredAntiAffinity(other)) {
        if (termSelects(term, other, pod)
            && sameDomain(term.getTopologyKey(), node, nodeOf(other, nodes))) {
          return Optional.of("node(s) didn't satisfy existing pods anti-affinity rules");
        }
      }
    }
    for (PodAffinityTerm term : rules.affinity()) {
      // the first pod of a group that selects itself may go anywhere (upstream's special case)
      boolean anyAnywhere = assigned.stream().anyMatch(p -> termSelects(term, pod, p));
      boolean selfMatch = termSelects(term, pod, pod);
      if (!anyMatchingPodInDomain(pod, term, node, nodes, assigned)
          && (anyAnywhere || !selfMatch)) {
        return Optional.of("node(s) didn't match pod affinity rules");
      }
    }
    return Optional.empty();
  }

  private static boolean matchesTerm(NodeSelectorTerm term, Node node) {
    Map<String, String> labels = labels(node.getMetadata().getLabels());
    for (NodeSelectorRequirement r : term.getMatchExpressions()) {
      if (!matchesRequirement(r, labels.get(r.getKey()), labels.containsKey(r.getKey()))) {
        return false;
      }
    }
    for (NodeSelectorRequirement r : term.getMatchFields()) {
      String value = "metadata.name".equals(r.getKey()) ? node.getMetadata().getName() : null;
      if (!matchesRequirement(r, value, value != null)) {
        return false;
      }
    }
    return !term.getMatchExpressions().isEmpty() || !term.getMatchFields().isEmpty();
  }

  private static boolean matchesRequirement(
      NodeSelectorRequirement r, @org.jspecify.annotations.Nullable String value, boolean present) {
    return switch (r.getOperator()) {
      case "In" -> value != null && r.getValues().contains(value);
      case "NotIn" -> value == null || !r.getValues().contains(value);
      case "Exists" -> present;
      case "DoesNotExist" -> !present;
      case "Gt", "Lt" -> {
        try {
          long actual = Long.parseLong(Objects.requireNonNull(value));
          long bound = Long.parseLong(r.getValues().get(0));
          yield "Gt".equals(r.getOperator()) ? actual > bound : actual < bound;
        } catch (RuntimeException e) {
          yield false;
        }
      }
      default -> false;
    };
  }

  private boolean anyMatchingPodInDomain(
      Pod pod, PodAffinityTerm term, Node node, List<Node> nodes, List<Pod> assigned) {
    for (Pod other : assigned) {
      if (termSelects(term, pod, other)
          && sameDomain(term.getTopologyKey(), node, nodeOf(other, nodes))) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code term} of {@code owner} selects {@code candidate} (namespaces and labels). */
  private static boolean termSelects(PodAffinityTerm term, Pod owner, Pod candidate) {
    List<String> namespaces =
        term.getNamespaces().isEmpty()
            ? List.of(owner.getMetadata().getNamespace())
            : term.getNamespaces();
    return namespaces.contains(candidate.getMetadata().getNamespace())
        && LabelSelectors.matches(term.getLabelSelector(), candidate.getMetadata().getLabels());
  }

  private static Optional<Node> nodeOf(Pod pod, List<Node> nodes) {
    String name = PodUtil.nodeName(pod);
    return nodes.stream().filter(n -> n.getMetadata().getName().equals(name)).findFirst();
  }

  private static boolean sameDomain(String topologyKey, Node node, Optional<Node> other) {
    if (other.isEmpty()) {
      return false;
    }
    String key = topologyKey == null || topologyKey.isEmpty() ? HOSTNAME_LABEL : topologyKey;
    String a = labels(node.getMetadata().getLabels()).get(key);
    String b = labels(other.get().getMetadata().getLabels()).get(key);
    return a != null && a.equals(b);
  }

  private static boolean tolerates(Pod pod, Taint taint) {
    for (Toleration t : pod.getSpec().getTolerations()) {
      boolean effect =
          t.getEffect() == null
              || t.getEffect().isEmpty()
              || t.getEffect().equals(taint.getEffect());
      boolean key =
          (t.getKey() == null || t.getKey().isEmpty())
              ? "Exists".equals(t.getOperator())
              : t.getKey().equals(taint.getKey());
      boolean value =
          "Exists".equals(t.getOperator())
              || Objects.equals(
                  t.getValue() == null ? "" : t.getValue(),
                  taint.getValue() == null ? "" : taint.getValue());
      if (effect && key && value) {
        return true;
      }
    }
    return false;
  }

  /**
   * The node with the fewest pods of the pod's owner, then the fewest pods, among the {@code count}
   * feasible positions of {@code nodes}; ties are drawn at random, in the nodes' order. The best
   * positions are gathered at the front of {@code feasible}, over the ones already read.
   */
  private Node pickBest(Pod pod, NodeView nodes, int[] feasible, int count) {
    int[] siblings = loads.ofOwner(ownerUid(pod));
    int bestSiblings = Integer.MAX_VALUE;
    int bestTotal = Integer.MAX_VALUE;
    int best = 0;
    for (int i = 0; i < count; i++) {
      int position = feasible[i];
      int slot = nodes.slots[position];
      int s = slot < siblings.length ? siblings[slot] : 0;
      int t = loads.pods(slot);
      if (s < bestSiblings || (s == bestSiblings && t < bestTotal)) {
        bestSiblings = s;
        bestTotal = t;
        best = 0;
      }
      if (s == bestSiblings && t == bestTotal) {
        feasible[best++] = position;
      }
    }
    return nodes.nodes.get(feasible[random.nextInt(best)]);
  }

  private static @org.jspecify.annotations.Nullable String ownerUid(Pod pod) {
    return Owners.controllerUid(pod);
  }

  /** The nodes as listed now: the view kept from an earlier pod unless a node changed since. */
  private NodeView nodeView() {
    long changes = store.changesOf(ResourceType.NODE);
    if (view.changes != changes) {
      view = new NodeView(changes, store.list(ResourceType.NODE), loads);
    }
    return view;
  }

  /**
   * The nodes in list order, with each one's slot in the loads and whether it is open: schedulable
   * and without a NoSchedule or NoExecute taint, so that it fits any pod without node or pod rules
   * of its own (most pods: their filters need not run on it).
   */
  private static final class NodeView {
    private final long changes;
    private final ImmutableList<Node> nodes;
    private final int[] slots;
    private final boolean[] open;

    /**
     * The feasible positions of the pod being scheduled: one attempt's scratch, reused by the next
     * (the scheduler runs on the loop's one thread, one pod at a time).
     */
    private final int[] feasible;

    NodeView(long changes, ImmutableList<Node> nodes, NodeLoads loads) {
      this.changes = changes;
      this.nodes = nodes;
      this.slots = new int[nodes.size()];
      this.open = new boolean[nodes.size()];
      this.feasible = new int[nodes.size()];
      for (int i = 0; i < nodes.size(); i++) {
        Node node = nodes.get(i);
        slots[i] = loads.slot(node.getMetadata().getName());
        open[i] =
            !Boolean.TRUE.equals(node.getSpec().getUnschedulable())
                && node.getSpec().getTaints().stream()
                    .noneMatch(
                        t ->
                            "NoSchedule".equals(t.getEffect())
                                || "NoExecute".equals(t.getEffect()));
      }
    }
  }

  /** Whether the pod has a node selector or required node affinity (filters that read a node). */
  private static boolean hasNodeRules(Pod pod) {
    Map<String, String> nodeSelector = pod.getSpec().getNodeSelector();
    Affinity affinity = pod.getSpec().getAffinity();
    return (nodeSelector != null && !nodeSelector.isEmpty())
        || (affinity != null
            && affinity.getNodeAffinity() != null
            && affinity.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                != null);
  }

  private static Map<String, String> labels(
      @org.jspecify.annotations.Nullable Map<String, String> labels) {
    return labels == null ? Map.of() : labels;
  }
}
