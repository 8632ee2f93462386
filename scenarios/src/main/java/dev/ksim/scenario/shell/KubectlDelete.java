package dev.ksim.scenario.shell;

import dev.ksim.apiserver.ApiException;
import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.cluster.Cluster;
import dev.ksim.view.CommandResult;
import dev.ksim.view.LabelQuery;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code kubectl delete}: by {@code KIND NAME...}, {@code KIND/NAME}, {@code -l SELECTOR}, {@code
 * --all} or {@code -f FILE}, printing {@code pod "x" deleted} per object; {@code --grace-period=0
 * --force} removes a pod at once ({@code force deleted}, after kubectl's warning), otherwise a
 * running pod terminates gracefully through its kubelet.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/staging/src/k8s.io/kubectl/pkg/cmd/delete/delete.go">kubectl
 *     delete</a>
 */
final class KubectlDelete {
  /** kubectl's warning before a forced deletion (delete.go). */
  static final String FORCE_WARNING =
      "Warning: Immediate deletion does not wait for confirmation that the running resource has"
          + " been terminated. The resource may continue to run on the cluster indefinitely.\n";

  private final Cluster cluster;
  private final KubectlFiles files;

  KubectlDelete(Cluster cluster, KubectlFiles files) {
    this.cluster = cluster;
    this.files = files;
  }

  CommandResult delete(List<String> args) {
    KubectlFlags f =
        KubectlFlags.parse(
            args,
            KubectlWrites.set(
                "selector",
                "all",
                "filename",
                "grace-period",
                "force",
                "now",
                "wait",
                "cascade",
                "ignore-not-found",
                "all-namespaces"),
            KubectlWrites.usage("delete"));
    boolean force = f.has("force") && f.value("grace-period").orElse("").equals("0");
    if (f.has("force") && !force && f.value("grace-period").isPresent()) {
      throw new KubectlException(
          "error: --force and --grace-period greater than 0 cannot be specified together\n", 1);
    }
    List<ObjectKey> keys = new ArrayList<>();
    StringBuilder err = new StringBuilder(force ? FORCE_WARNING : "");
    StringBuilder out = new StringBuilder();
    String namespace = f.namespace();
    if (f.value("filename").isPresent()) {
      keys.addAll(files.keys(f));
    } else if (f.value("selector").isPresent() || f.has("all")) {
      if (f.positionals().size() < 2) {
        throw new KubectlException(
            "error: You must provide one or more resources by argument or filename.\n", 1);
      }
      LabelQuery query = LabelQuery.parse(f.value("selector").orElse(""));
      for (String name : f.positionals().get(1).split(",")) {
        ResourceType<?> type = KubectlWrites.type(name);
        List<? extends HasMetadata> objects =
            f.has("all-namespaces") || !type.namespaced()
                ? cluster.store().list(type)
                : cluster.store().list(type, namespace);
        for (HasMetadata o : objects) {
          Map<String, String> labels = o.getMetadata().getLabels();
          if (query.matches(labels == null ? Map.of() : labels)
              && o.getMetadata().getDeletionTimestamp() == null) {
            keys.add(ObjectKey.of(type, o));
          }
        }
      }
      if (keys.isEmpty()) {
        return CommandResult.ok("No resources found\n");
      }
    } else {
      for (KubectlWrites.Target target : KubectlWrites.targets(f.positionals())) {
        keys.add(
            new ObjectKey(
                target.type(), target.type().namespaced() ? namespace : "", target.name()));
      }
    }
    int exit = 0;
    for (ObjectKey key : keys) {
      String kind = KubectlWrites.lower(key.type());
      try {
        if (force) {
          cluster.store().remove(key);
        } else {
          cluster.store().delete(key);
        }
        out.append(kind)
            .append(" \"")
            .append(key.name())
            .append(force ? "\" force deleted\n" : "\" deleted\n");
      } catch (ApiException e) {
        if (f.has("ignore-not-found") && e.reason() == ApiException.Reason.NOT_FOUND) {
          continue;
        }
        err.append(KubectlWrites.serverError(e, key.type()).getMessage());
        exit = 1;
      }
    }
    return new CommandResult(out.toString(), err.toString(), exit);
  }
}
