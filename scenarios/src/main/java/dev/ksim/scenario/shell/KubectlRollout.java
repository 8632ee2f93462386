package dev.ksim.scenario.shell;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ksim.apiserver.ApiException;
import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.cluster.Cluster;
import dev.ksim.manifest.KubernetesJson;
import dev.ksim.view.CommandResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * {@code kubectl rollout restart|status|history|undo|pause|resume} on Deployments (restart and
 * status also on DaemonSets and StatefulSets), through the revisions the Deployment controller
 * keeps on its ReplicaSets ({@code deployment.kubernetes.io/revision}).
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/tree/v1.34.2/staging/src/k8s.io/kubectl/pkg/cmd/rollout">kubectl
 *     rollout</a>
 */
final class KubectlRollout {
  private static final String REVISION = "deployment.kubernetes.io/revision";
  private static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";
  private static final String CHANGE_CAUSE = "kubernetes.io/change-cause";

  private final Cluster cluster;

  KubectlRollout(Cluster cluster) {
    this.cluster = cluster;
  }

  CommandResult rollout(List<String> args) {
    KubectlFlags f =
        KubectlFlags.parse(
            args,
            KubectlWrites.set("to-revision", "revision", "timeout", "watch"),
            KubectlWrites.usage("rollout"));
    List<String> p = f.positionals();
    String sub = p.size() > 1 ? p.get(1) : "";
    if (!List.of("restart", "status", "history", "undo", "pause", "resume").contains(sub)) {
      throw new UnsupportedCommandException(
          "ksim: kubectl rollout "
              + sub
              + " is not simulated (restart, status, history, undo, pause, resume are)");
    }
    StringBuilder out = new StringBuilder();
    for (KubectlWrites.Target target : KubectlWrites.targets(p.subList(1, p.size()))) {
      String namespace = f.namespace();
      HasMetadata object =
          cluster
              .store()
              .<HasMetadata>get(key(target, namespace))
              .orElseThrow(() -> KubectlWrites.notFound(target.type(), target.name()));
      boolean deployment = target.type().equals(ResourceType.DEPLOYMENT);
      boolean workload =
          deployment
              || target.type().equals(ResourceType.DAEMON_SET)
              || target.type().equals(ResourceType.STATEFUL_SET);
      if (!workload || (!deployment && !List.of("restart", "status").contains(sub))) {
        throw new KubectlException(
            "error: no "
                + sub
                + " has been implemented for {\""
                + target.type().group()
                + "\" \""
                + target.type().kind()
                + "\"}\n",
            1);
      }
      String qualified = KubectlWrites.qualified(target);
      ObjectNode tree = KubernetesJson.JSON.valueToTree(object);
      switch (sub) {
        case "restart" -> {
          String now =
              DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                  cluster.clock().now().atOffset(java.time.ZoneOffset.UTC));
          ObjectNode patch = KubernetesJson.JSON.createObjectNode();
          patch
              .putObject("spec")
              .putObject("template")
              .putObject("metadata")
              .putObject("annotations")
              .put(RESTARTED_AT, now);
          patch(target, namespace, patch);
          out.append(qualified).append(" restarted\n");
        }
        case "pause", "resume" -> {
          boolean pause = sub.equals("pause");
          if (tree.path("spec").path("paused").asBoolean(false) == pause) {
            throw new KubectlException(
                "error: " + qualified + " is " + (pause ? "already paused" : "not paused") + "\n",
                1);
          }
          ObjectNode patch = KubernetesJson.JSON.createObjectNode();
          patch.putObject("spec").put("paused", pause ? Boolean.TRUE : null);
          patch(target, namespace, patch);
          out.append(qualified).append(pause ? " paused\n" : " resumed\n");
        }
        case "status" -> out.append(status(target, namespace));
        case "history" -> out.append(history(qualified, revisions(object)));
        default -> out.append(undo(target, namespace, object, f));
      }
    }
    return CommandResult.ok(out.toString());
  }

  /** kubectl's rollout status lines, once the cluster has settled. */
  private String status(KubectlWrites.Target target, String namespace) {
    cluster.runUntilQuiet();
    JsonNode tree =
        KubernetesJson.JSON.valueToTree(
            cluster.store().<HasMetadata>get(key(target, namespace)).orElseThrow());
    JsonNode status = tree.path("status");
    String name = target.name();
    if (target.type().equals(ResourceType.DEPLOYMENT)) {
      int replicas = tree.path("spec").path("replicas").asInt(1);
      int updated = status.path("updatedReplicas").asInt(0);
      int available = status.path("availableReplicas").asInt(0);
      if (updated < replicas) {
        return "Waiting for deployment \""
            + name
            + "\" rollout to finish: "
            + updated
            + " out of "
            + replicas
            + " new replicas have been updated...\n";
      }
      if (available < updated) {
        return "Waiting for deployment \""
            + name
            + "\" rollout to finish: "
            + available
            + " of "
            + updated
            + " updated replicas are available...\n";
      }
      return "deployment \"" + name + "\" successfully rolled out\n";
    }
    if (target.type().equals(ResourceType.DAEMON_SET)) {
      return "daemon set \"" + name + "\" successfully rolled out\n";
    }
    return "partitioned roll out complete: "
        + status.path("updatedReplicas").asInt(0)
        + " new pods have been updated...\n";
  }

  /** The Deployment's ReplicaSets by revision. */
  private NavigableMap<Integer, ReplicaSet> revisions(HasMetadata deployment) {
    TreeMap<Integer, ReplicaSet> revisions = new TreeMap<>();
    String uid = deployment.getMetadata().getUid();
    for (ReplicaSet rs :
        cluster.store().list(ResourceType.REPLICA_SET, deployment.getMetadata().getNamespace())) {
      boolean owned =
          rs.getMetadata().getOwnerReferences().stream()
              .map(OwnerReference::getUid)
              .anyMatch(uid::equals);
      Map<String, String> annotations = rs.getMetadata().getAnnotations();
      if (owned && annotations != null && annotations.containsKey(REVISION)) {
        revisions.put(Integer.parseInt(annotations.get(REVISION)), rs);
      }
    }
    return revisions;
  }

  private static String history(String qualified, NavigableMap<Integer, ReplicaSet> revisions) {
    StringBuilder out = new StringBuilder(qualified).append(" \n");
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("REVISION", "CHANGE-CAUSE"));
    revisions.forEach(
        (revision, rs) -> {
          Map<String, String> annotations = rs.getMetadata().getAnnotations();
          String cause = annotations == null ? null : annotations.get(CHANGE_CAUSE);
          rows.add(List.of(revision.toString(), cause == null ? "<none>" : cause));
        });
    int width = rows.stream().mapToInt(r -> r.get(0).length()).max().orElse(0) + 2;
    for (List<String> row : rows) {
      out.append(String.format(Locale.ROOT, "%-" + width + "s%s%n", row.get(0), row.get(1)));
    }
    return out.append('\n').toString();
  }

  /** Puts the template of the previous (or {@code --to-revision}) ReplicaSet back. */
  private String undo(
      KubectlWrites.Target target, String namespace, HasMetadata deployment, KubectlFlags f) {
    NavigableMap<Integer, ReplicaSet> revisions = revisions(deployment);
    int wanted = KubectlWrites.integer(f.value("to-revision").orElse("0"), "to-revision");
    Integer previous = revisions.isEmpty() ? null : revisions.lowerKey(revisions.lastKey());
    if (wanted == 0 && previous == null) {
      throw new KubectlException(
          "error: no rollout history found for deployment \"" + target.name() + "\"\n", 1);
    }
    ReplicaSet to = revisions.get(wanted == 0 ? previous : Integer.valueOf(wanted));
    if (to == null) {
      throw new KubectlException(
          "error: unable to find specified revision " + wanted + " in history\n", 1);
    }
    ObjectNode template = KubernetesJson.JSON.valueToTree(to.getSpec().getTemplate());
    JsonNode labels = template.path("metadata").path("labels");
    if (labels instanceof ObjectNode l) {
      l.remove("pod-template-hash");
    }
    HasMetadata current = cluster.store().<HasMetadata>get(key(target, namespace)).orElseThrow();
    JsonNode now = KubernetesJson.JSON.valueToTree(current).path("spec").path("template");
    if (now.equals(template)) {
      return KubectlWrites.qualified(target)
          + " skipped rollback (current template already matches revision "
          + to.getMetadata().getAnnotations().get(REVISION)
          + ")\n";
    }
    ObjectNode replace = KubernetesJson.JSON.valueToTree(current);
    ((ObjectNode) replace.get("spec")).set("template", template);
    update(target, replace);
    return KubectlWrites.qualified(target) + " rolled back\n";
  }

  private static ObjectKey key(KubectlWrites.Target target, String namespace) {
    return new ObjectKey(target.type(), target.type().namespaced() ? namespace : "", target.name());
  }

  private void patch(KubectlWrites.Target target, String namespace, JsonNode patch) {
    try {
      cluster.store().patch(target.type(), namespace, target.name(), patch);
    } catch (ApiException e) {
      throw KubectlWrites.serverError(e, target.type());
    }
  }

  private void update(KubectlWrites.Target target, JsonNode tree) {
    updateTyped(target.type(), tree);
  }

  private <T extends HasMetadata> void updateTyped(ResourceType<T> type, JsonNode tree) {
    try {
      cluster.store().update(type, KubernetesJson.JSON.treeToValue(tree, type.modelClass()));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new KubectlException("error: " + e.getOriginalMessage() + "\n", 1);
    } catch (ApiException e) {
      throw KubectlWrites.serverError(e, type);
    }
  }
}
