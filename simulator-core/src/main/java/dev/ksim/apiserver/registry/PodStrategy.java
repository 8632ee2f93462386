package dev.ksim.apiserver.registry;

import dev.ksim.api.qos.PodQosClass;
import dev.ksim.apiserver.Admission;
import dev.ksim.apiserver.ApiException;
import dev.ksim.apiserver.FieldError;
import dev.ksim.apiserver.ModelCopy;
import dev.ksim.apiserver.UndoLog;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The Pod registry: SetDefaults_PodSpec and friends, the DefaultTolerationSeconds admission plugin,
 * and the parts of ValidatePodSpec that matter for networking (containers, images, ports, hostname
 * and subdomain).
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/v1/defaults.go">core/v1/defaults.go</a>
 */
public final class PodStrategy implements Admission<Pod> {
  private static final List<String> RESTART_POLICIES = List.of("Always", "Never", "OnFailure");
  private static final List<String> DNS_POLICIES =
      List.of("ClusterFirst", "ClusterFirstWithHostNet", "Default", "None");
  private static final List<String> PROTOCOLS = List.of("TCP", "UDP", "SCTP");
  private static final long DEFAULT_TOLERATION_SECONDS = 300;
  private static final Pattern QUANTITY =
      Pattern.compile("^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$");

  /**
   * A spec given for a new pod (which nobody changes: {@link #replacesNewSpec}) and what admitting
   * it made: the admitted spec, shared by every pod created with an equal one, its QoS class, and
   * the status of a pod created without one, shared by those pods too (a status write copies the
   * status it changes, so no stored status is ever changed in place).
   */
  private record AdmittedSpec(
      PodSpec given, PodSpec admitted, String qosClass, PodStatus pendingStatus) {
    AdmittedSpec(PodSpec given, PodSpec admitted, String qosClass) {
      this(given, admitted, qosClass, pendingStatus(qosClass));
    }

    /** The same admission for another given spec, equal to this one's. */
    AdmittedSpec givenAs(PodSpec equal) {
      return new AdmittedSpec(equal, admitted, qosClass, pendingStatus);
    }

    private static PodStatus pendingStatus(String qosClass) {
      PodStatus status = new PodStatus();
      status.setPhase("Pending");
      status.setQosClass(qosClass);
      return status;
    }
  }

  /** The spec admitted for the last pod created. */
  private @Nullable AdmittedSpec lastCreated;

  /**
   * The conditions of the last pod written: a later pod's conditions equal to these (a kubelet's
   * pods started in the same instant, each with the same five conditions) are stored as these very
   * objects, so that 100,000 pods do not each hold five of their own through the settle's young
   * collections.
   */
  private List<PodCondition> lastConditions = List.of();

  @Override
  public void admit(@Nullable Pod old, Pod pod, UndoLog undo) {
    if (old == null) {
      admitNew(pod);
      return;
    }
    shareConditionsWithLastWritten(pod);
    if (pod.getSpec() == null) {
      pod.setSpec(new PodSpec());
    }
    setDefaults(pod.getSpec());
    List<FieldError> errors = new ArrayList<>();
    Names.labels("metadata.labels", labelsOf(pod.getMetadata().getLabels()), errors);
    validateSpec("spec", pod.getSpec(), errors);
    checkNodeKept(old, pod, errors);
    throwIfInvalid(pod, errors);
    defaultRequestsToLimits(pod.getSpec());
  }

  /**
   * A status write or binding keeps the spec admitted when the pod was written, but for the node a
   * binding sets: upstream's status strategy and BindingREST validate neither the spec again, and
   * defaulting it again would change the stored object in place. A pod bound already cannot be
   * bound to another node; unlike upstream's BindingREST (pod/storage/storage.go), which refuses
   * any second binding, a second one to the same node is let through, as ksim's scheduler binds
   * once.
   *
   * @see <a
   *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/registry/core/pod/strategy.go">pod/strategy.go
   *     (podStatusStrategy)</a>
   */
  @Override
  public void admitStatus(Pod old, Pod pod, UndoLog undo) {
    shareConditionsWithLastWritten(pod);
    List<FieldError> errors = new ArrayList<>();
    checkNodeKept(old, pod, errors);
    throwIfInvalid(pod, errors);
  }

  private static void checkNodeKept(Pod old, Pod pod, List<FieldError> errors) {
    if (old.getSpec().getNodeName() != null
        && !Objects.equals(old.getSpec().getNodeName(), pod.getSpec().getNodeName())) {
      errors.add(
          FieldError.forbidden(
              "spec.nodeName", "pod updates may not change fields other than those allowed"));
    }
  }

  /**
   * The given spec is one nobody changes (the creator's, which it hands over, or the store's copy):
   * it is copied for defaulting, or one admitted before reused, and kept to know the next equal
   * one.
   */
  @Override
  public boolean replacesNewSpec() {
    return true;
  }

  /**
   * Admits a new pod. Its spec is defaulted and validated on a copy, unless it is or equals the one
   * given for the last pod created, whose admitted spec it then takes: admission of a spec depends
   * on the spec alone, and the pods a ReplicaSet creates one after another from its template give
   * its very spec (compared whole once per template, not once per pod). They hold one spec between
   * them instead of one each (a tenth of the objects that live as long as the pods do), and the
   * store never changes a stored object in place (a change copies the spec, a status change or
   * binding keeps or re-wraps it).
   */
  @SuppressWarnings("ReferenceEquality") // the very spec given last, which nobody changes
  private void admitNew(Pod pod) {
    PodSpec given = pod.getSpec() == null ? new PodSpec() : pod.getSpec();
    List<FieldError> errors = new ArrayList<>();
    Names.dns1123Subdomain("metadata.name", pod.getMetadata().getName()).ifPresent(errors::add);
    Names.labels("metadata.labels", labelsOf(pod.getMetadata().getLabels()), errors);
    AdmittedSpec last = lastCreated;
    AdmittedSpec admitted;
    if (last != null && last.given() == given) {
      admitted = last;
    } else if (last != null && last.given().equals(given)) {
      admitted = last.givenAs(given);
      lastCreated = admitted;
    } else {
      PodSpec spec = ModelCopy.of(given);
      setDefaults(spec);
      addDefaultTolerations(spec);
      validateSpec("spec", spec, errors);
      throwIfInvalid(pod, errors);
      defaultRequestsToLimits(spec);
      admitted =
          new AdmittedSpec(
              given,
              last != null && last.admitted().equals(spec) ? last.admitted() : spec,
              PodQosClass.compute(spec).token());
      lastCreated = admitted;
    }
    throwIfInvalid(pod, errors);
    pod.setSpec(admitted.admitted());
    if (pod.getStatus() == null) {
      pod.setStatus(admitted.pendingStatus());
      return;
    }
    if (pod.getStatus().getPhase() == null) {
      pod.getStatus().setPhase("Pending");
    }
    pod.getStatus().setQosClass(admitted.qosClass());
  }

  /**
   * Makes {@code pod}'s status hold the last pod written's conditions where equal to its own: the
   * whole list when all are, else each equal one in a new list (the written list may be one that
   * cannot be changed). Stored conditions are never changed, as every stored object.
   */
  private void shareConditionsWithLastWritten(Pod pod) {
    PodStatus status = pod.getStatus();
    List<PodCondition> conditions = status == null ? null : status.getConditions();
    if (status == null || conditions == null || conditions.isEmpty()) {
      return;
    }
    List<PodCondition> last = lastConditions;
    if (conditions.equals(last)) {
      status.setConditions(last);
      return;
    }
    List<PodCondition> shared = new ArrayList<>(conditions.size());
    for (int i = 0; i < conditions.size(); i++) {
      PodCondition condition = conditions.get(i);
      shared.add(i < last.size() && condition.equals(last.get(i)) ? last.get(i) : condition);
    }
    status.setConditions(shared);
    lastConditions = shared;
  }

  private static void throwIfInvalid(Pod pod, List<FieldError> errors) {
    if (!errors.isEmpty()) {
      throw ApiException.invalid("Pod", pod.getMetadata().getName(), errors);
    }
  }

  private static Map<String, String> labelsOf(@Nullable Map<String, String> labels) {
    return labels == null ? Map.of() : labels;
  }

  /** Defaults a pod template's spec, as workload defaulting does. */
  static void setDefaults(PodTemplateSpec template) {
    if (template.getSpec() == null) {
      template.setSpec(new PodSpec());
    }
    setDefaults(template.getSpec());
  }

  static void setDefaults(PodSpec spec) {
    if (spec.getRestartPolicy() == null) {
      spec.setRestartPolicy("Always");
    }
    if (spec.getDnsPolicy() == null) {
      spec.setDnsPolicy("ClusterFirst");
    }
    if (spec.getSchedulerName() == null) {
      spec.setSchedulerName("default-scheduler");
    }
    if (spec.getTerminationGracePeriodSeconds() == null) {
      spec.setTerminationGracePeriodSeconds(30L);
    }
    if (spec.getEnableServiceLinks() == null) {
      spec.setEnableServiceLinks(true);
    }
    for (Container container : spec.getContainers()) {
      if (container.getTerminationMessagePath() == null) {
        container.setTerminationMessagePath("/dev/termination-log");
      }
      if (container.getTerminationMessagePolicy() == null) {
        container.setTerminationMessagePolicy("File");
      }
      if (container.getImagePullPolicy() == null && container.getImage() != null) {
        container.setImagePullPolicy(isLatest(container.getImage()) ? "Always" : "IfNotPresent");
      }
      for (ContainerPort port : container.getPorts()) {
        if (port.getProtocol() == null) {
          port.setProtocol("TCP");
        }
      }
      defaultProbe(container.getReadinessProbe());
      defaultProbe(container.getLivenessProbe());
    }
  }

  /**
   * SetDefaults_Pod: a container (init containers too) that limits a resource without requesting it
   * requests its limit. Pods only, not their templates.
   */
  private static void defaultRequestsToLimits(PodSpec spec) {
    List<Container> containers = new ArrayList<>(spec.getContainers());
    containers.addAll(spec.getInitContainers());
    for (Container container : containers) {
      ResourceRequirements resources = container.getResources();
      if (resources == null || resources.getLimits() == null) {
        continue;
      }
      Map<String, Quantity> requests =
          resources.getRequests() == null
              ? new LinkedHashMap<>()
              : new LinkedHashMap<>(resources.getRequests());
      resources.getLimits().forEach((name, limit) -> requests.putIfAbsent(name, limit));
      resources.setRequests(requests);
    }
  }

  /**
   * Every request and limit must be a quantity: the API server refuses the others when it decodes
   * the object (resource.ParseQuantity's expression).
   *
   * @see <a
   *     href="https://github.com/kubernetes/apimachinery/blob/master/pkg/api/resource/quantity.go">quantity.go
   *     (ErrFormatWrong)</a>
   */
  private static void validateResources(
      String path, List<Container> containers, List<FieldError> errors) {
    for (int i = 0; i < containers.size(); i++) {
      ResourceRequirements resources = containers.get(i).getResources();
      if (resources == null) {
        continue;
      }
      String rpath = path + "[" + i + "].resources";
      validateQuantities(rpath + ".limits", resources.getLimits(), errors);
      validateQuantities(rpath + ".requests", resources.getRequests(), errors);
    }
  }

  private static void validateQuantities(
      String path, @Nullable Map<String, Quantity> list, List<FieldError> errors) {
    if (list == null) {
      return;
    }
    list.forEach(
        (name, quantity) -> {
          String text = quantity.getAmount() + Objects.toString(quantity.getFormat(), "");
          if (!QUANTITY.matcher(text).matches()) {
            errors.add(
                FieldError.invalid(
                    path + "[" + name + "]",
                    text,
                    "quantities must match the regular expression '" + QUANTITY.pattern() + "'"));
          }
        });
  }

  private static boolean isLatest(String image) {
    String last = image.substring(image.lastIndexOf('/') + 1);
    if (last.contains("@")) {
      return false;
    }
    int colon = last.indexOf(':');
    return colon < 0 || last.substring(colon + 1).equals("latest");
  }

  private static void defaultProbe(@Nullable Probe probe) {
    if (probe == null) {
      return;
    }
    if (probe.getTimeoutSeconds() == null) {
      probe.setTimeoutSeconds(1);
    }
    if (probe.getPeriodSeconds() == null) {
      probe.setPeriodSeconds(10);
    }
    if (probe.getSuccessThreshold() == null) {
      probe.setSuccessThreshold(1);
    }
    if (probe.getFailureThreshold() == null) {
      probe.setFailureThreshold(3);
    }
    if (probe.getInitialDelaySeconds() == null) {
      probe.setInitialDelaySeconds(0);
    }
  }

  /** The DefaultTolerationSeconds admission plugin's two NoExecute tolerations. */
  private static void addDefaultTolerations(PodSpec spec) {
    List<Toleration> tolerations = new ArrayList<>(spec.getTolerations());
    for (String key : List.of("node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable")) {
      boolean present =
          tolerations.stream()
              .anyMatch(
                  t ->
                      (key.equals(t.getKey())
                              || (t.getKey() == null && "Exists".equals(t.getOperator())))
                          && (t.getEffect() == null || "NoExecute".equals(t.getEffect())));
      if (!present) {
        tolerations.add(
            new Toleration("NoExecute", key, "Exists", DEFAULT_TOLERATION_SECONDS, null));
      }
    }
    spec.setTolerations(tolerations);
  }

  static void validateSpec(String path, PodSpec spec, List<FieldError> errors) {
    if (spec.getContainers().isEmpty()) {
      errors.add(FieldError.required(path + ".containers", ""));
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < spec.getContainers().size(); i++) {
      Container c = spec.getContainers().get(i);
      String cpath = path + ".containers[" + i + "]";
      if (c.getName() == null || c.getName().isEmpty()) {
        errors.add(FieldError.required(cpath + ".name", ""));
      } else {
        Names.dns1123Label(cpath + ".name", c.getName()).ifPresent(errors::add);
        if (!names.add(c.getName())) {
          errors.add(FieldError.duplicate(cpath + ".name", c.getName()));
        }
      }
      if (c.getImage() == null || c.getImage().isBlank()) {
        errors.add(FieldError.required(cpath + ".image", ""));
      }
      Set<String> portNames = new HashSet<>();
      for (int j = 0; j < c.getPorts().size(); j++) {
        ContainerPort port = c.getPorts().get(j);
        String ppath = cpath + ".ports[" + j + "]";
        if (port.getContainerPort() == null) {
          errors.add(FieldError.required(ppath + ".containerPort", ""));
        } else {
          Names.portNumber(ppath + ".containerPort", port.getContainerPort())
              .ifPresent(errors::add);
        }
        if (port.getName() != null && !port.getName().isEmpty()) {
          Names.ianaServiceName(ppath + ".name", port.getName()).ifPresent(errors::add);
          if (!portNames.add(port.getName())) {
            errors.add(FieldError.duplicate(ppath + ".name", port.getName()));
          }
        }
        if (!PROTOCOLS.contains(port.getProtocol())) {
          errors.add(
              FieldError.notSupported(
                  ppath + ".protocol", port.getProtocol(), List.of("SCTP", "TCP", "UDP")));
        }
      }
    }
    if (!RESTART_POLICIES.contains(spec.getRestartPolicy())) {
      errors.add(
          FieldError.notSupported(
              path + ".restartPolicy", spec.getRestartPolicy(), RESTART_POLICIES));
    }
    if (!DNS_POLICIES.contains(spec.getDnsPolicy())) {
      errors.add(FieldError.notSupported(path + ".dnsPolicy", spec.getDnsPolicy(), DNS_POLICIES));
    }
    if (spec.getHostname() != null && !spec.getHostname().isEmpty()) {
      Names.dns1123Label(path + ".hostname", spec.getHostname()).ifPresent(errors::add);
    }
    if (spec.getSubdomain() != null && !spec.getSubdomain().isEmpty()) {
      Names.dns1123Label(path + ".subdomain", spec.getSubdomain()).ifPresent(errors::add);
    }
    validateResources(path + ".containers", spec.getContainers(), errors);
    validateResources(path + ".initContainers", spec.getInitContainers(), errors);
  }
}
