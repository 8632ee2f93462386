package dev.ksim.manifest;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * Everything read from the user's {@code -f} arguments: Kubernetes objects in file order, the
 * cluster configuration documents (kubeadm ClusterConfiguration, KubeProxyConfiguration), and the
 * warnings kubectl would print (unknown fields).
 */
public record Manifests(
    List<ObjectManifest> objects,
    List<YamlDocument> clusterConfigurations,
    List<YamlDocument> kubeProxyConfigurations,
    List<String> warnings) {
  public static final Manifests EMPTY = new Manifests(List.of(), List.of(), List.of(), List.of());

  public Manifests {
    objects = ImmutableList.copyOf(objects);
    clusterConfigurations = ImmutableList.copyOf(clusterConfigurations);
    kubeProxyConfigurations = ImmutableList.copyOf(kubeProxyConfigurations);
    warnings = ImmutableList.copyOf(warnings);
  }

  /** These manifests followed by {@code other}'s. */
  public Manifests plus(Manifests other) {
    return new Manifests(
        ImmutableList.<ObjectManifest>builder().addAll(objects).addAll(other.objects).build(),
        ImmutableList.<YamlDocument>builder()
            .addAll(clusterConfigurations)
            .addAll(other.clusterConfigurations)
            .build(),
        ImmutableList.<YamlDocument>builder()
            .addAll(kubeProxyConfigurations)
            .addAll(other.kubeProxyConfigurations)
            .build(),
        ImmutableList.<String>builder().addAll(warnings).addAll(other.warnings).build());
  }
}
