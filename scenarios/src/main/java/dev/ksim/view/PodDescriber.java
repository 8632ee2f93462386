package dev.ksim.view;

import dev.ksim.api.pod.PodUtil;
import dev.ksim.api.qos.PodQosClass;
import dev.ksim.cluster.Cluster;
import dev.ksim.controller.Owners;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * {@code kubectl describe pod}, field for field as kubectl's PodDescriber writes it: the pod's
 * identity and placement, each container (ports, state, readiness, restarts, probes, environment,
 * mounts), conditions, volumes, QoS class, node selectors, tolerations and events.
 *
 * <p>ksim's API server has no ServiceAccount admission plugin, so pods carry no {@code
 * kube-api-access-*} projected volume and show no service-account token mount.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/staging/src/k8s.io/kubectl/pkg/describe/describe.go">describe.go
 *     (describePod, describeContainers, describeVolumes, printPodTolerationsMultiline)</a>
 */
final class PodDescriber {
  /** Go's time.RFC1123Z layout, which describe uses for start times. */
  private static final DateTimeFormatter RFC1123Z =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private final Cluster cluster;

  PodDescriber(Cluster cluster) {
    this.cluster = cluster;
  }

  String describe(Pod pod) {
    TabWriter w = TabWriter.forDescribe();
    var spec = pod.getSpec();
    var status = pod.getStatus();
    w.row("Name:", pod.getMetadata().getName());
    w.row("Namespace:", pod.getMetadata().getNamespace());
    w.row("Priority:", spec.getPriority() == null ? "0" : spec.getPriority().toString());
    w.row(
        "Service Account:",
        spec.getServiceAccountName() == null ? "default" : spec.getServiceAccountName());
    String node = PodUtil.nodeName(pod);
    String hostIp = status == null ? null : status.getHostIP();
    w.row("Node:", node.isEmpty() ? "<none>" : node + "/" + Objects.toString(hostIp, ""));
    if (status != null && status.getStartTime() != null) {
      w.row("Start Time:", rfc1123z(status.getStartTime()));
    }
    KubectlDescribe.labelsBlock(w, "Labels:", pod.getMetadata().getLabels());
    KubectlDescribe.labelsBlock(w, "Annotations:", pod.getMetadata().getAnnotations());
    String phase = status == null ? "" : Objects.toString(status.getPhase(), "");
    if (pod.getMetadata().getDeletionTimestamp() != null
        && !phase.equals("Failed")
        && !phase.equals("Succeeded")) {
      w.row(
          "Status:",
          "Terminating (lasts "
              + EventColumns.since(pod.getMetadata().getDeletionTimestamp(), cluster.clock().now())
              + ")");
      w.row(
          "Termination Grace Period:",
          Objects.toString(pod.getMetadata().getDeletionGracePeriodSeconds(), "0") + "s");
    } else {
      w.row("Status:", phase);
    }
    if (status != null && status.getReason() != null && !status.getReason().isEmpty()) {
      w.row("Reason:", status.getReason());
    }
    if (status != null && status.getMessage() != null && !status.getMessage().isEmpty()) {
      w.row("Message:", status.getMessage());
    }
    w.row("IP:", PodUtil.podIp(pod));
    if (status == null || status.getPodIPs().isEmpty()) {
      w.row("IPs:", "<none>");
    } else {
      w.row("IPs:");
      status.getPodIPs().forEach(ip -> w.row("  IP:", ip.getIp()));
    }
    Owners.controllerOf(pod)
        .ifPresent(o -> w.row("Controlled By:", o.getKind() + "/" + o.getName()));
    if (!spec.getInitContainers().isEmpty()) {
      containers(w, pod, "Init Containers:", spec.getInitContainers(), initStatuses(pod));
    }
    containers(w, pod, "Containers:", spec.getContainers(), statuses(pod));
    if (status != null && !status.getConditions().isEmpty()) {
      w.row("Conditions:");
      w.row("  Type", "Status");
      for (PodCondition c : status.getConditions()) {
        w.row("  " + c.getType() + " ", c.getStatus() + " ");
      }
    }
    volumes(w, spec.getVolumes());
    w.row("QoS Class:", PodQosClass.of(pod));
    KubectlDescribe.labelsBlock(w, "Node-Selectors:", spec.getNodeSelector());
    tolerations(w, spec.getTolerations());
    DescribeEvents.write(w, cluster, pod);
    return w.render();
  }

  private static List<ContainerStatus> statuses(Pod pod) {
    return pod.getStatus() == null ? List.of() : pod.getStatus().getContainerStatuses();
  }

  private static List<ContainerStatus> initStatuses(Pod pod) {
    return pod.getStatus() == null ? List.of() : pod.getStatus().getInitContainerStatuses();
  }

  private static void containers(
      TabWriter w,
      Pod pod,
      String label,
      List<Container> containers,
      List<ContainerStatus> statuses) {
    w.row(containers.isEmpty() ? label + " <none>" : label);
    for (Container c : containers) {
      ContainerStatus status =
          statuses.stream().filter(s -> c.getName().equals(s.getName())).findFirst().orElse(null);
      w.row("  " + c.getName() + ":");
      if (status != null) {
        w.row("    Container ID:", Objects.toString(status.getContainerID(), ""));
      }
      w.row("    Image:", c.getImage());
      if (status != null) {
        w.row("    Image ID:", Objects.toString(status.getImageID(), ""));
      }
      List<String> ports = new ArrayList<>();
      List<String> hostPorts = new ArrayList<>();
      for (ContainerPort p : c.getPorts()) {
        ports.add(p.getContainerPort() + "/" + p.getProtocol());
        hostPorts.add((p.getHostPort() == null ? 0 : p.getHostPort()) + "/" + p.getProtocol());
      }
      w.row(ports.size() > 1 ? "    Ports:" : "    Port:", joinOrNone(ports));
      w.row(hostPorts.size() > 1 ? "    Host Ports:" : "    Host Port:", joinOrNone(hostPorts));
      command(w, "    Command:", c.getCommand());
      command(w, "    Args:", c.getArgs());
      if (status != null) {
        state(w, "    State:", status.getState());
        if (status.getLastState() != null && status.getLastState().getTerminated() != null) {
          state(w, "    Last State:", status.getLastState());
        }
        w.row("    Ready:", Boolean.TRUE.equals(status.getReady()) ? "True" : "False");
        w.row("    Restart Count:", Objects.toString(status.getRestartCount(), "0"));
      }
      resources(w, c);
      probe(w, "    Liveness:", c.getLivenessProbe());
      probe(w, "    Readiness:", c.getReadinessProbe());
      probe(w, "    Startup:", c.getStartupProbe());
      if (!c.getEnvFrom().isEmpty()) {
        envFrom(w, c.getEnvFrom());
      }
      env(w, pod, c.getEnv());
      mounts(w, c.getVolumeMounts());
    }
  }

  private static String joinOrNone(List<String> values) {
    return values.isEmpty() ? "<none>" : String.join(", ", values);
  }

  private static void command(TabWriter w, String label, List<String> words) {
    if (words.isEmpty()) {
      return;
    }
    w.row(label);
    for (String word : words) {
      for (String line : word.split("\n", -1)) {
        w.row("      " + line);
      }
    }
  }

  private static void state(TabWriter w, String label, @Nullable ContainerState state) {
    if (state != null && state.getRunning() != null) {
      w.row(label, "Running");
      w.row("      Started:", rfc1123z(state.getRunning().getStartedAt()));
    } else if (state != null && state.getTerminated() != null) {
      var t = state.getTerminated();
      w.row(label, "Terminated");
      if (t.getReason() != null && !t.getReason().isEmpty()) {
        w.row("      Reason:", t.getReason());
      }
      if (t.getMessage() != null && !t.getMessage().isEmpty()) {
        w.row("      Message:", t.getMessage());
      }
      w.row("      Exit Code:", Objects.toString(t.getExitCode(), "0"));
      w.row("      Started:", rfc1123z(t.getStartedAt()));
      w.row("      Finished:", rfc1123z(t.getFinishedAt()));
    } else {
      w.row(label, "Waiting");
      if (state != null
          && state.getWaiting() != null
          && state.getWaiting().getReason() != null
          && !state.getWaiting().getReason().isEmpty()) {
        w.row("      Reason:", state.getWaiting().getReason());
      }
    }
  }

  private static void resources(TabWriter w, Container c) {
    if (c.getResources() == null) {
      return;
    }
    quantities(w, "    Limits:", c.getResources().getLimits());
    quantities(w, "    Requests:", c.getResources().getRequests());
  }

  private static void quantities(TabWriter w, String label, @Nullable Map<String, Quantity> map) {
    if (map == null || map.isEmpty()) {
      return;
    }
    w.row(label);
    new TreeMap<>(map).forEach((name, q) -> w.row("      " + name + ":", q.toString()));
  }

  private static void probe(TabWriter w, String label, @Nullable Probe probe) {
    if (probe != null) {
      w.row(label, describeProbe(probe));
    }
  }

  /** A probe as describe's DescribeProbe prints it. */
  static String describeProbe(Probe probe) {
    String attrs =
        "delay="
            + orZero(probe.getInitialDelaySeconds())
            + "s timeout="
            + orZero(probe.getTimeoutSeconds())
            + "s period="
            + orZero(probe.getPeriodSeconds())
            + "s #success="
            + orZero(probe.getSuccessThreshold())
            + " #failure="
            + orZero(probe.getFailureThreshold());
    if (probe.getExec() != null) {
      return "exec [" + String.join(" ", probe.getExec().getCommand()) + "] " + attrs;
    }
    if (probe.getHttpGet() != null) {
      var get = probe.getHttpGet();
      String scheme = get.getScheme() == null ? "http" : get.getScheme().toLowerCase(Locale.ROOT);
      String host = get.getHost() == null ? "" : get.getHost();
      String path = get.getPath() == null ? "" : get.getPath();
      return "http-get " + scheme + "://" + host + ":" + port(get.getPort()) + path + " " + attrs;
    }
    if (probe.getTcpSocket() != null) {
      var tcp = probe.getTcpSocket();
      return "tcp-socket "
          + Objects.toString(tcp.getHost(), "")
          + ":"
          + port(tcp.getPort())
          + " "
          + attrs;
    }
    return "unknown " + attrs;
  }

  private static String port(@Nullable IntOrString port) {
    if (port == null) {
      return "";
    }
    return port.getIntVal() != null ? port.getIntVal().toString() : port.getStrVal();
  }

  private static int orZero(@Nullable Integer value) {
    return value == null ? 0 : value;
  }

  private static void envFrom(TabWriter w, List<EnvFromSource> sources) {
    w.row("    Environment Variables from:");
    for (EnvFromSource e : sources) {
      String from = "";
      String name = "";
      boolean optional = false;
      if (e.getConfigMapRef() != null) {
        from = "ConfigMap";
        name = e.getConfigMapRef().getName();
        optional = Boolean.TRUE.equals(e.getConfigMapRef().getOptional());
      } else if (e.getSecretRef() != null) {
        from = "Secret";
        name = e.getSecretRef().getName();
        optional = Boolean.TRUE.equals(e.getSecretRef().getOptional());
      }
      String kind =
          e.getPrefix() == null || e.getPrefix().isEmpty()
              ? from
              : from + " with prefix '" + e.getPrefix() + "'";
      w.row("      " + name, kind, "Optional: " + optional);
    }
  }

  private static void env(TabWriter w, Pod pod, List<EnvVar> env) {
    if (env.isEmpty()) {
      w.row("    Environment:", "<none>");
      return;
    }
    w.row("    Environment:");
    for (EnvVar e : env) {
      var from = e.getValueFrom();
      if (from == null) {
        String[] lines = Objects.toString(e.getValue(), "").split("\n", -1);
        w.row("      " + e.getName() + ":", lines[0]);
        for (int i = 1; i < lines.length; i++) {
          w.row("      ", lines[i]);
        }
      } else if (from.getFieldRef() != null) {
        w.row(
            "      " + e.getName() + ":",
            fieldValue(pod, from.getFieldRef().getFieldPath())
                + " ("
                + Objects.toString(from.getFieldRef().getApiVersion(), "v1")
                + ":"
                + from.getFieldRef().getFieldPath()
                + ")");
      } else if (from.getResourceFieldRef() != null) {
        w.row("      " + e.getName() + ":", " (" + from.getResourceFieldRef().getResource() + ")");
      } else if (from.getSecretKeyRef() != null) {
        var ref = from.getSecretKeyRef();
        w.row(
            "      " + e.getName() + ":",
            "<set to the key '" + ref.getKey() + "' in secret '" + ref.getName() + "'>",
            "Optional: " + Boolean.TRUE.equals(ref.getOptional()));
      } else if (from.getConfigMapKeyRef() != null) {
        var ref = from.getConfigMapKeyRef();
        w.row(
            "      " + e.getName() + ":",
            "<set to the key '" + ref.getKey() + "' of config map '" + ref.getName() + "'>",
            "Optional: " + Boolean.TRUE.equals(ref.getOptional()));
      }
    }
  }

  /** The value of a downward-API field reference, as describe's EnvValueRetriever resolves it. */
  private static String fieldValue(Pod pod, String fieldPath) {
    var status = pod.getStatus();
    String value =
        switch (fieldPath) {
          case "metadata.name" -> pod.getMetadata().getName();
          case "metadata.namespace" -> pod.getMetadata().getNamespace();
          case "metadata.uid" -> pod.getMetadata().getUid();
          case "spec.nodeName" -> pod.getSpec().getNodeName();
          case "spec.serviceAccountName" -> pod.getSpec().getServiceAccountName();
          case "status.podIP" -> status == null ? null : status.getPodIP();
          case "status.hostIP" -> status == null ? null : status.getHostIP();
          default -> null;
        };
    return value == null ? "" : value;
  }

  private static void mounts(TabWriter w, List<VolumeMount> mounts) {
    if (mounts.isEmpty()) {
      w.row("    Mounts:", "<none>");
      return;
    }
    w.row("    Mounts:");
    List<VolumeMount> sorted = new ArrayList<>(mounts);
    sorted.sort(Comparator.comparing(VolumeMount::getMountPath));
    for (VolumeMount m : sorted) {
      String flags = Boolean.TRUE.equals(m.getReadOnly()) ? "ro" : "rw";
      if (m.getSubPath() != null && !m.getSubPath().isEmpty()) {
        flags += ",path=\"" + m.getSubPath() + "\"";
      }
      w.row("      " + m.getMountPath() + " from " + m.getName() + " (" + flags + ")");
    }
  }

  private static void volumes(TabWriter w, List<Volume> volumes) {
    if (volumes.isEmpty()) {
      w.row("Volumes:", "<none>");
      return;
    }
    w.row("Volumes:");
    for (Volume v : volumes) {
      w.row("  " + v.getName() + ":");
      if (v.getHostPath() != null) {
        w.row("    Type:", "HostPath (bare host directory volume)");
        w.row("    Path:", v.getHostPath().getPath());
        w.row("    HostPathType:", orNone(v.getHostPath().getType()));
      } else if (v.getEmptyDir() != null) {
        w.row("    Type:", "EmptyDir (a temporary directory that shares a pod's lifetime)");
        w.row("    Medium:", Objects.toString(v.getEmptyDir().getMedium(), ""));
        w.row(
            "    SizeLimit:",
            v.getEmptyDir().getSizeLimit() == null
                ? "<unset>"
                : v.getEmptyDir().getSizeLimit().toString());
      } else if (v.getSecret() != null) {
        w.row("    Type:", "Secret (a volume populated by a Secret)");
        w.row("    SecretName:", Objects.toString(v.getSecret().getSecretName(), ""));
        w.row("    Optional:", Boolean.toString(Boolean.TRUE.equals(v.getSecret().getOptional())));
      } else if (v.getConfigMap() != null) {
        w.row("    Type:", "ConfigMap (a volume populated by a ConfigMap)");
        w.row("    Name:", Objects.toString(v.getConfigMap().getName(), ""));
        w.row(
            "    Optional:", Boolean.toString(Boolean.TRUE.equals(v.getConfigMap().getOptional())));
      } else if (v.getPersistentVolumeClaim() != null) {
        w.row(
            "    Type:",
            "PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)");
        w.row("    ClaimName:", v.getPersistentVolumeClaim().getClaimName());
        w.row(
            "    ReadOnly:",
            Boolean.toString(Boolean.TRUE.equals(v.getPersistentVolumeClaim().getReadOnly())));
      } else if (v.getProjected() != null) {
        projected(w, v.getProjected().getSources());
      } else {
        w.row("    <unknown>");
      }
    }
  }

  private static void projected(TabWriter w, List<VolumeProjection> sources) {
    w.row("    Type:", "Projected (a volume that contains injected data from multiple sources)");
    for (VolumeProjection source : sources) {
      if (source.getSecret() != null) {
        w.row("    SecretName:", source.getSecret().getName());
        w.row(
            "    Optional:",
            Boolean.toString(Boolean.TRUE.equals(source.getSecret().getOptional())));
      } else if (source.getDownwardAPI() != null) {
        w.row("    DownwardAPI:", "true");
      } else if (source.getConfigMap() != null) {
        w.row("    ConfigMapName:", source.getConfigMap().getName());
        w.row(
            "    Optional:",
            Boolean.toString(Boolean.TRUE.equals(source.getConfigMap().getOptional())));
      } else if (source.getServiceAccountToken() != null) {
        w.row(
            "    TokenExpirationSeconds:",
            Objects.toString(source.getServiceAccountToken().getExpirationSeconds(), ""));
      }
    }
  }

  private static String orNone(@Nullable String value) {
    return value == null || value.isEmpty() ? "<none>" : value;
  }

  private static void tolerations(TabWriter w, List<Toleration> tolerations) {
    if (tolerations.isEmpty()) {
      w.row("Tolerations:", "<none>");
      return;
    }
    for (int i = 0; i < tolerations.size(); i++) {
      w.row(i == 0 ? "Tolerations:" : "", toleration(tolerations.get(i)));
    }
  }

  /** One toleration as printPodTolerationsMultiline writes it. */
  private static String toleration(Toleration t) {
    StringBuilder out = new StringBuilder(Objects.toString(t.getKey(), ""));
    boolean hasValue = t.getValue() != null && !t.getValue().isEmpty();
    if (hasValue) {
      out.append('=').append(t.getValue());
    }
    if (t.getEffect() != null && !t.getEffect().isEmpty()) {
      out.append(':').append(t.getEffect());
    }
    if ("Exists".equals(t.getOperator()) && !hasValue) {
      out.append(out.length() > 0 ? " op=Exists" : "op=Exists");
    }
    if (t.getTolerationSeconds() != null) {
      out.append(" for ").append(t.getTolerationSeconds()).append('s');
    }
    return out.toString();
  }

  private static String rfc1123z(@Nullable String timestamp) {
    return timestamp == null ? "" : RFC1123Z.format(Instant.parse(timestamp));
  }
}
