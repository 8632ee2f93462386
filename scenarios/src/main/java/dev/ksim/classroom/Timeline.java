package dev.ksim.classroom;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ksim.api.pod.PodUtil;
import dev.ksim.apiserver.ResourceEventHandler;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.cluster.Cluster;
import dev.ksim.input.KsimInputException;
import dev.ksim.proxy.KubeProxy;
import dev.ksim.view.TraceJson;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cluster's own events over time, recorded as the simulation runs so that a class can scrub
 * back to any moment: a scenario's steps, pods created, scheduled, ready and deleted, a Service's
 * endpoints changing, kube-proxy's syncs, and the Events the controllers write (a Deployment
 * scaling its ReplicaSets during a rollout). Each moment keeps a snapshot of the cluster as it was
 * then — its pods, each Service's endpoints ({@link ClusterView}) and every node's rules ({@link
 * NodeView}) — so the page can draw it again.
 *
 * <p>It listens through the API server's watches, after the handlers already there, and only reads:
 * the simulation runs as it would without it. kube-proxy's syncs are not watch events: a sync is
 * noticed at the next moment recorded, and only then are that node's rules read again. At most
 * {@link #MOST_MOMENTS} moments are kept; later ones are counted, not kept.
 */
final class Timeline {
  /** The most moments one cluster keeps (each with a snapshot). */
  static final int MOST_MOMENTS = 2000;

  /** The cluster as it was at one moment: its view and every node's rules. */
  private record Snapshot(ObjectNode cluster, Map<String, String> rules) {}

  private final Cluster cluster;
  private final List<ObjectNode> moments = new ArrayList<>();
  private final List<Snapshot> snapshots = new ArrayList<>();
  private final Map<String, Long> syncs = new TreeMap<>();
  private final Map<String, String> endpoints = new TreeMap<>();
  private final Map<String, String> rules = new TreeMap<>();
  private int dropped;

  private Timeline(Cluster cluster) {
    this.cluster = cluster;
  }

  /** Starts recording {@code cluster}'s events; the first moment is the cluster now. */
  static Timeline record(Cluster cluster) {
    Timeline timeline = new Timeline(cluster);
    timeline.readEndpoints();
    timeline.readRules(true);
    timeline.add("start", "the cluster as the lesson starts", true);
    cluster.store().watch(ResourceType.POD, timeline.pods());
    cluster
        .store()
        .watch(
            ResourceType.ENDPOINT_SLICE, ResourceEventHandler.onAnyChange(s -> timeline.slice()));
    cluster.store().watch(ResourceType.EVENT, timeline.events());
    return timeline;
  }

  /** A scenario's step is about to be played: {@link #played} completes the moment. */
  ObjectNode step(int number) {
    return add("step", "step " + number, false);
  }

  /** The step of {@code moment} was played and printed {@code text}; the rules are read again. */
  void played(ObjectNode moment, String text) {
    String first = text.strip().lines().findFirst().orElse("");
    moment.put("text", moment.path("text").asText() + (first.isEmpty() ? "" : ": " + first));
    noticeSyncs();
    readRules(true);
    add("settled", "after " + moment.path("text").asText(), true);
  }

  /** The moments, oldest first, without their snapshots. */
  ObjectNode moments() {
    ObjectNode out = TraceJson.node();
    ArrayNode list = out.putArray("moments");
    moments.forEach(list::add);
    out.put("dropped", dropped);
    return out;
  }

  /** Moment {@code index} with the cluster as it was then. */
  ObjectNode at(int index) {
    if (index < 0 || index >= moments.size()) {
      throw KsimInputException.commandLine(
          "index", "no moment " + index + " (0 to " + (moments.size() - 1) + ")");
    }
    ObjectNode moment = moments.get(index);
    Snapshot snapshot = snapshots.get(moment.path("snapshot").asInt());
    ObjectNode out = moment.deepCopy();
    out.set("cluster", snapshot.cluster());
    ObjectNode nodes = out.putObject("rules");
    snapshot.rules().forEach(nodes::put);
    return out;
  }

  private ResourceEventHandler<Pod> pods() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        pod("pod " + name(pod) + " created", pod);
      }

      @Override
      public void onUpdate(Pod old, Pod pod) {
        String before = state(old);
        String after = state(pod);
        if (!before.equals(after)) {
          pod("pod " + name(pod) + ": " + after, pod);
        }
      }

      @Override
      public void onDelete(Pod pod) {
        pod("pod " + name(pod) + " deleted", pod);
      }
    };
  }

  private void pod(String text, Pod pod) {
    noticeSyncs();
    add("pod", text, true).put("pod", name(pod));
  }

  private static String name(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }

  /** What the class sees of a pod: where it runs, its address, its phase and readiness. */
  private static String state(Pod pod) {
    String node = PodUtil.nodeName(pod);
    String ip = PodUtil.podIp(pod);
    return (node.isEmpty() ? "not scheduled" : "on " + node)
        + (ip.isEmpty() ? "" : " " + ip)
        + " "
        + PodUtil.phase(pod)
        + (PodUtil.isTerminating(pod) ? ", terminating" : PodUtil.isReady(pod) ? ", ready" : "");
  }

  private void slice() {
    noticeSyncs();
    Map<String, String> before = new TreeMap<>(endpoints);
    readEndpoints();
    endpoints.forEach(
        (service, now) -> {
          if (!now.equals(before.get(service))) {
            add("endpoints", "endpoints of " + service + ": " + now, true);
          }
        });
  }

  private ResourceEventHandler<Event> events() {
    return ResourceEventHandler.onAnyChange(
        event -> {
          ObjectReference about = event.getInvolvedObject();
          String what = about == null ? "" : about.getKind() + " " + about.getName() + ": ";
          add("event", what + event.getReason() + ": " + String.valueOf(event.getMessage()), false);
        });
  }

  /** Records kube-proxy's syncs since the last moment and reads those nodes' rules again. */
  private void noticeSyncs() {
    boolean synced = false;
    for (Map.Entry<String, KubeProxy> proxy : new TreeMap<>(cluster.kubeProxies()).entrySet()) {
      long now = proxy.getValue().syncs();
      Long before = syncs.put(proxy.getKey(), now);
      if (before != null && before != now) {
        synced = true;
        add(
            "sync",
            "kube-proxy on "
                + proxy.getKey()
                + " synced its rules (sync #"
                + now
                + ", "
                + proxy.getValue().lastRuleCount()
                + " rules written)",
            false);
      }
    }
    if (synced) {
      readRules(false);
    }
  }

  private void readEndpoints() {
    ArrayNode services = ClusterView.of(cluster).withArray("services");
    endpoints.clear();
    services.forEach(
        s -> {
          List<String> list = new ArrayList<>();
          s.path("endpoints").forEach(e -> list.add(e.asText()));
          endpoints.put(
              s.path("namespace").asText() + "/" + s.path("name").asText(),
              list.isEmpty() ? "none" : String.join(", ", list));
        });
  }

  private void readRules(boolean everyNode) {
    for (String node : new TreeMap<>(cluster.nodeNetworks()).keySet()) {
      KubeProxy proxy = cluster.kubeProxies().get(node);
      Long seen = syncs.get(node);
      long now = proxy == null ? 0 : proxy.syncs();
      if (everyNode || seen == null || seen != now || !rules.containsKey(node)) {
        rules.put(node, NodeView.rules(cluster, node));
      }
      syncs.put(node, now);
    }
  }

  /** Adds a moment now; {@code snapshot} takes the cluster as it is, else it shares the last. */
  private ObjectNode add(String kind, String text, boolean snapshot) {
    ObjectNode moment = TraceJson.node();
    if (moments.size() >= MOST_MOMENTS) {
      dropped++;
      return moment;
    }
    if (snapshot || snapshots.isEmpty()) {
      snapshots.add(
          new Snapshot(
              ClusterView.of(cluster), Collections.unmodifiableSortedMap(new TreeMap<>(rules))));
    }
    moment.put("index", moments.size());
    moment.put("time", cluster.clock().now().toString());
    moment.put("kind", kind);
    moment.put("text", text);
    moment.put("snapshot", snapshots.size() - 1);
    moments.add(moment);
    return moment;
  }
}
