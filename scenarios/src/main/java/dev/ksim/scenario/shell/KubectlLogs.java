package dev.ksim.scenario.shell;

import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.cluster.Cluster;
import dev.ksim.view.CommandResult;
import dev.ksim.view.LabelQuery;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@code kubectl logs [-n NS] POD|pod/POD|-l SELECTOR [-c C] [--tail N] [-p|--previous]}: what the
 * kubelet kept of a container's output (kube-proxy's start-up lines, the error of a crashed start;
 * the previous instance's with {@code --previous}). {@code -f} is refused: a script cannot follow.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/tree/v1.34.2/staging/src/k8s.io/kubectl/pkg/cmd/logs">kubectl
 *     logs</a>
 */
final class KubectlLogs {
  private final Cluster cluster;

  KubectlLogs(Cluster cluster) {
    this.cluster = cluster;
  }

  CommandResult logs(List<String> args) {
    String namespace = "default";
    @Nullable String selector = null;
    @Nullable String container = null;
    int tail = -1;
    boolean previous = false;
    List<String> names = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "logs" -> {}
        case "-n", "--namespace" -> namespace = value(args, ++i, arg);
        case "-l", "--selector" -> selector = value(args, ++i, arg);
        case "-c", "--container" -> container = value(args, ++i, arg);
        case "--tail" -> tail = KubectlWrites.integer(value(args, ++i, arg), "tail");
        case "-p", "--previous" -> previous = true;
        case "-f", "--follow" ->
            throw new UnsupportedCommandException(
                "ksim: kubectl logs -f follows a container forever; ksim prints what it has logged"
                    + " so far and ends (drop -f)");
        default -> {
          if (arg.startsWith("--tail=")) {
            tail = KubectlWrites.integer(arg.substring("--tail=".length()), "tail");
          } else if (arg.startsWith("--namespace=")) {
            namespace = arg.substring("--namespace=".length());
          } else if (arg.startsWith("-")) {
            throw UnsupportedCommandException.option(
                "kubectl logs", arg, "-n, -l, -c, --tail, -p/--previous");
          } else {
            names.add(arg.startsWith("pod/") ? arg.substring(4) : arg);
          }
        }
      }
    }
    List<Pod> pods = new ArrayList<>();
    if (selector != null) {
      LabelQuery query = LabelQuery.parse(selector);
      cluster.store().<Pod>list(ResourceType.POD, namespace).stream()
          .filter(p -> query.matches(labels(p)))
          .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
          .forEach(pods::add);
    } else if (names.size() == 1) {
      String name = names.get(0);
      String inNamespace = namespace;
      pods.add(
          cluster
              .store()
              .<Pod>get(new ObjectKey(ResourceType.POD, inNamespace, name))
              .orElseThrow(
                  () ->
                      new KubectlException(
                          "error: error from server (NotFound): pods \""
                              + name
                              + "\" not found in namespace \""
                              + inNamespace
                              + "\"\n",
                          1)));
    } else {
      throw new KubectlException(
          "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\n", 1);
    }
    StringBuilder out = new StringBuilder();
    for (Pod pod : pods) {
      out.append(containerLog(pod, container, previous, tail));
    }
    return CommandResult.ok(out.toString());
  }

  private String containerLog(Pod pod, @Nullable String wanted, boolean previous, int tail) {
    String name = pod.getMetadata().getName();
    List<Container> containers = pod.getSpec().getContainers();
    String container =
        wanted != null ? wanted : containers.isEmpty() ? "" : containers.get(0).getName();
    if (containers.stream().noneMatch(c -> c.getName().equals(container))) {
      throw new KubectlException(
          "error: container " + container + " is not valid for pod " + name + "\n", 1);
    }
    String namespace = pod.getMetadata().getNamespace();
    Optional<List<String>> lines =
        previous
            ? cluster.containerLogs().previous(namespace, name, container)
            : cluster.containerLogs().current(namespace, name, container);
    if (previous && lines.isEmpty()) {
      throw new KubectlException(
          "Error from server (BadRequest): previous terminated container \""
              + container
              + "\" in pod \""
              + name
              + "\" not found\n",
          1);
    }
    List<String> shown = lines.orElse(List.of());
    if (tail >= 0 && tail < shown.size()) {
      shown = shown.subList(shown.size() - tail, shown.size());
    }
    StringBuilder out = new StringBuilder();
    shown.forEach(l -> out.append(l).append('\n'));
    return out.toString();
  }

  private static Map<String, String> labels(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    return labels == null ? Map.of() : labels;
  }

  private static String value(List<String> args, int i, String flag) {
    if (i >= args.size()) {
      throw new KubectlException("error: flag needs an argument: " + flag + "\n", 1);
    }
    return args.get(i);
  }
}
