package dev.ksim.view;

import dev.ksim.apiserver.ResourceType;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * kubectl's table columns for StorageClass, PersistentVolume, PersistentVolumeClaim, Ingress and
 * IngressClass, as upstream's printers define them.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/printers/internalversion/printers.go">printers.go
 *     (storageClassColumnDefinitions, persistentVolumeColumnDefinitions,
 *     persistentVolumeClaimColumnDefinitions, ingressColumnDefinitions,
 *     ingressClassColumnDefinitions)</a>
 */
final class StorageAndIngressColumns {
  private static final String NONE = "<none>";
  private static final String UNSET = "<unset>";

  private StorageAndIngressColumns() {}

  static TableColumns of(ResourceType<?> type) {
    return switch (type.kind()) {
      case "StorageClass" ->
          TableColumns.of(
              List.of(
                  "NAME",
                  "PROVISIONER",
                  "RECLAIMPOLICY",
                  "VOLUMEBINDINGMODE",
                  "ALLOWVOLUMEEXPANSION",
                  "AGE"),
              List.of(),
              StorageClass.class,
              (sc, now) ->
                  List.of(
                      sc.getMetadata().getName() + (isDefault(sc) ? " (default)" : ""),
                      String.valueOf(sc.getProvisioner()),
                      orDefault(sc.getReclaimPolicy(), "Delete"),
                      orDefault(sc.getVolumeBindingMode(), "Immediate"),
                      Boolean.toString(Boolean.TRUE.equals(sc.getAllowVolumeExpansion())),
                      TableColumns.age(sc, now)),
              (sc, now) -> List.of());
      case "PersistentVolume" ->
          TableColumns.of(
              List.of(
                  "NAME",
                  "CAPACITY",
                  "ACCESS MODES",
                  "RECLAIM POLICY",
                  "STATUS",
                  "CLAIM",
                  "STORAGECLASS",
                  "VOLUMEATTRIBUTESCLASS",
                  "REASON",
                  "AGE"),
              List.of("VOLUMEMODE"),
              PersistentVolume.class,
              (pv, now) ->
                  List.of(
                      pv.getMetadata().getName(),
                      quantity(pv.getSpec().getCapacity()),
                      accessModes(pv.getSpec().getAccessModes()),
                      String.valueOf(pv.getSpec().getPersistentVolumeReclaimPolicy()),
                      pv.getStatus() == null ? "" : String.valueOf(pv.getStatus().getPhase()),
                      pv.getSpec().getClaimRef() == null
                          ? ""
                          : pv.getSpec().getClaimRef().getNamespace()
                              + "/"
                              + pv.getSpec().getClaimRef().getName(),
                      orDefault(pv.getSpec().getStorageClassName(), ""),
                      orDefault(pv.getSpec().getVolumeAttributesClassName(), UNSET),
                      pv.getStatus() == null ? "" : orDefault(pv.getStatus().getReason(), ""),
                      TableColumns.age(pv, now)),
              (pv, now) -> List.of(orDefault(pv.getSpec().getVolumeMode(), "Filesystem")));
      case "PersistentVolumeClaim" ->
          TableColumns.of(
              List.of(
                  "NAME",
                  "STATUS",
                  "VOLUME",
                  "CAPACITY",
                  "ACCESS MODES",
                  "STORAGECLASS",
                  "VOLUMEATTRIBUTESCLASS",
                  "AGE"),
              List.of("VOLUMEMODE"),
              PersistentVolumeClaim.class,
              (pvc, now) -> {
                boolean bound = pvc.getSpec().getVolumeName() != null;
                return List.of(
                    pvc.getMetadata().getName(),
                    String.valueOf(pvc.getStatus().getPhase()),
                    orDefault(pvc.getSpec().getVolumeName(), ""),
                    bound ? quantity(pvc.getStatus().getCapacity()) : "",
                    bound ? accessModes(pvc.getStatus().getAccessModes()) : "",
                    orDefault(pvc.getSpec().getStorageClassName(), ""),
                    orDefault(pvc.getSpec().getVolumeAttributesClassName(), UNSET),
                    TableColumns.age(pvc, now));
              },
              (pvc, now) -> List.of(orDefault(pvc.getSpec().getVolumeMode(), "Filesystem")));
      case "Ingress" ->
          TableColumns.of(
              List.of("NAME", "CLASS", "HOSTS", "ADDRESS", "PORTS", "AGE"),
              List.of(),
              Ingress.class,
              (ing, now) ->
                  List.of(
                      ing.getMetadata().getName(),
                      orDefault(ing.getSpec().getIngressClassName(), NONE),
                      hosts(ing.getSpec().getRules()),
                      address(ing),
                      ing.getSpec().getTls().isEmpty() ? "80" : "80, 443",
                      TableColumns.age(ing, now)),
              (ing, now) -> List.of());
      case "IngressClass" ->
          TableColumns.of(
              List.of("NAME", "CONTROLLER", "PARAMETERS", "AGE"),
              List.of(),
              IngressClass.class,
              (ic, now) ->
                  List.of(
                      ic.getMetadata().getName(),
                      String.valueOf(ic.getSpec().getController()),
                      parameters(ic),
                      TableColumns.age(ic, now)),
              (ic, now) -> List.of());
      default -> throw new IllegalArgumentException("no table for " + type.kind());
    };
  }

  private static boolean isDefault(StorageClass sc) {
    Map<String, String> annotations = sc.getMetadata().getAnnotations();
    return annotations != null
        && ("true".equals(annotations.get("storageclass.kubernetes.io/is-default-class"))
            || "true".equals(annotations.get("storageclass.beta.kubernetes.io/is-default-class")));
  }

  /** formatHosts: up to three hosts, then {@code + N more...}; {@code *} when no rule has one. */
  private static String hosts(List<IngressRule> rules) {
    List<String> hosts = new ArrayList<>();
    int more = 0;
    for (IngressRule rule : rules) {
      if (rule.getHost() == null || rule.getHost().isEmpty()) {
        continue;
      }
      if (hosts.size() < 3) {
        hosts.add(rule.getHost());
      } else {
        more++;
      }
    }
    if (hosts.isEmpty()) {
      return "*";
    }
    String joined = String.join(",", hosts);
    return more > 0 ? joined + " + " + more + " more..." : joined;
  }

  private static String address(Ingress ingress) {
    if (ingress.getStatus() == null || ingress.getStatus().getLoadBalancer() == null) {
      return "";
    }
    List<String> addresses = new ArrayList<>();
    for (var lb : ingress.getStatus().getLoadBalancer().getIngress()) {
      if (lb.getIp() != null && !lb.getIp().isEmpty()) {
        addresses.add(lb.getIp());
      } else if (lb.getHostname() != null && !lb.getHostname().isEmpty()) {
        addresses.add(lb.getHostname());
      }
    }
    return String.join(",", addresses);
  }

  private static String parameters(IngressClass ic) {
    var p = ic.getSpec().getParameters();
    if (p == null) {
      return NONE;
    }
    String group = p.getApiGroup() == null ? "" : "." + p.getApiGroup();
    return p.getKind() + group + "/" + p.getName();
  }

  /** The access modes' short forms, as kubectl's GetAccessModesAsString joins them. */
  private static String accessModes(List<String> modes) {
    List<String> out = new ArrayList<>();
    if (modes.contains("ReadWriteOnce")) {
      out.add("RWO");
    }
    if (modes.contains("ReadOnlyMany")) {
      out.add("ROX");
    }
    if (modes.contains("ReadWriteMany")) {
      out.add("RWX");
    }
    if (modes.contains("ReadWriteOncePod")) {
      out.add("RWOP");
    }
    return String.join(",", out);
  }

  private static String quantity(@Nullable Map<String, Quantity> resources) {
    Quantity q = resources == null ? null : resources.get("storage");
    return q == null ? "" : q.getAmount() + (q.getFormat() == null ? "" : q.getFormat());
  }

  private static String orDefault(@Nullable String value, String fallback) {
    return value == null || value.isEmpty() ? fallback : value;
  }
}
