package dev.ksim.proxy;

import dev.ksim.apiserver.ResourceType;
import dev.ksim.cluster.Cluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.stream.Collectors;

/**
 * Edits the KubeProxyConfiguration in the {@code kube-system/kube-proxy} ConfigMap as a user's
 * {@code kubectl edit} would; kube-proxy reads it on its next start.
 */
public final class KubeProxyConfigMaps {
  private KubeProxyConfigMaps() {}

  /**
   * Sets {@code field} (one top-level key as a YAML line, e.g. {@code "masqueradeAll: true\n"}),
   * replacing the line of that key if there is one.
   */
  public static void set(Cluster cluster, String field) {
    String key = field.substring(0, field.indexOf(':') + 1);
    cluster
        .store()
        .modify(
            ResourceType.CONFIG_MAP,
            KubeProxyConfiguration.CONFIG_MAP_NAMESPACE,
            KubeProxyConfiguration.CONFIG_MAP_NAME,
            (ConfigMap c) ->
                c.getData()
                    .put(
                        KubeProxyConfiguration.CONFIG_KEY,
                        c.getData()
                                .get(KubeProxyConfiguration.CONFIG_KEY)
                                .lines()
                                .filter(line -> !line.startsWith(key))
                                .map(line -> line + "\n")
                                .collect(Collectors.joining())
                            + field));
  }

  /** Sets the proxy mode ({@code iptables}, {@code ipvs}, {@code nftables}, or a wrong one). */
  public static void setMode(Cluster cluster, String mode) {
    set(cluster, "mode: " + mode + "\n");
  }
}
