package dev.ksim.controller.volume;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Which volume a claim may bind: an unclaimed one of the claim's class, offering every access mode
 * the claim asks for and at least its requested capacity, whose node affinity admits the node (when
 * one is chosen); the smallest such volume, as upstream's findMatchingVolume picks it.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/controller/volume/persistentvolume/index.go">index.go
 *     (findMatchingVolume)</a>
 */
public final class VolumeMatching {
  private VolumeMatching() {}

  /** The best volume of {@code volumes} for {@code claim} on {@code node} (null: any node). */
  public static Optional<PersistentVolume> findMatchingVolume(
      PersistentVolumeClaim claim, List<PersistentVolume> volumes, @Nullable Node node) {
    return volumes.stream()
        .filter(v -> v.getSpec().getClaimRef() == null)
        .filter(v -> className(v).equals(className(claim)))
        .filter(v -> v.getSpec().getAccessModes().containsAll(claim.getSpec().getAccessModes()))
        .filter(v -> capacity(v).compareTo(request(claim)) >= 0)
        .filter(v -> node == null || admits(v, node))
        .min(
            Comparator.comparing(VolumeMatching::capacity)
                .thenComparing(v -> v.getMetadata().getName()));
  }

  /** Whether {@code volume}'s required node affinity admits {@code node} (no affinity: any). */
  public static boolean admits(PersistentVolume volume, Node node) {
    if (volume.getSpec().getNodeAffinity() == null
        || volume.getSpec().getNodeAffinity().getRequired() == null) {
      return true;
    }
    List<NodeSelectorTerm> terms =
        volume.getSpec().getNodeAffinity().getRequired().getNodeSelectorTerms();
    return terms.stream().anyMatch(t -> matches(t, node));
  }

  private static boolean matches(NodeSelectorTerm term, Node node) {
    Map<String, String> labels =
        node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
    for (NodeSelectorRequirement r : term.getMatchExpressions()) {
      String value = labels.get(r.getKey());
      boolean ok =
          switch (r.getOperator()) {
            case "In" -> value != null && r.getValues().contains(value);
            case "NotIn" -> value == null || !r.getValues().contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            default -> false;
          };
      if (!ok) {
        return false;
      }
    }
    return !term.getMatchExpressions().isEmpty();
  }

  /** The class a claim asks for or a volume belongs to ("" for none). */
  public static String className(PersistentVolumeClaim claim) {
    String name = claim.getSpec().getStorageClassName();
    return name == null ? "" : name;
  }

  static String className(PersistentVolume volume) {
    String name = volume.getSpec().getStorageClassName();
    return name == null ? "" : name;
  }

  static BigDecimal capacity(PersistentVolume volume) {
    Quantity q = volume.getSpec().getCapacity().get("storage");
    return q == null ? BigDecimal.ZERO : q.getNumericalAmount();
  }

  static BigDecimal request(PersistentVolumeClaim claim) {
    Quantity q =
        claim.getSpec().getResources() == null
            ? null
            : claim.getSpec().getResources().getRequests().get("storage");
    return q == null ? BigDecimal.ZERO : q.getNumericalAmount();
  }
}
