package dev.ksim.proxy;

import static com.google.common.base.Preconditions.checkArgument;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableList;
import dev.ksim.apiserver.ApiStore;
import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.manifest.ManifestException;
import dev.ksim.manifest.YamlDocument;
import dev.ksim.manifest.YamlReader;
import dev.ksim.net.Cidr;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The parts of {@code kubeproxy.config.k8s.io/v1alpha1 KubeProxyConfiguration} that decide what
 * kube-proxy programs, with upstream's defaults.
 *
 * @param mode the proxier ({@code ""} means iptables on Linux)
 * @param hostnameOverride the node name kube-proxy acts for, "" for the node it runs on
 * @param clusterCidrs {@code clusterCIDR}, for local-traffic detection and masquerading
 * @param masqueradeAll {@code iptables.masqueradeAll}
 * @param masqueradeBit {@code iptables.masqueradeBit} (default 14, the 0x4000 mark)
 * @param localhostNodePorts {@code iptables.localhostNodePorts} (default true)
 * @param syncPeriod {@code iptables.syncPeriod} (default 30s)
 * @param minSyncPeriod {@code iptables.minSyncPeriod} (default 1s)
 * @param ipvsScheduler {@code ipvs.scheduler} ("" means rr)
 * @param nodePortAddresses {@code nodePortAddresses} (empty: all of the node's addresses)
 * @param detectLocalMode {@code detectLocalMode} (default ClusterCIDR)
 * @param interfaceNamePrefix {@code detectLocal.interfaceNamePrefix}
 * @param bridgeInterface {@code detectLocal.bridgeInterface}
 * @see <a
 *     href="https://kubernetes.io/docs/reference/config-api/kube-proxy-config.v1alpha1/">kube-proxy
 *     Configuration (v1alpha1)</a>
 */
public record KubeProxyConfiguration(
    ProxyMode mode,
    String hostnameOverride,
    List<Cidr> clusterCidrs,
    boolean masqueradeAll,
    int masqueradeBit,
    boolean localhostNodePorts,
    Duration syncPeriod,
    Duration minSyncPeriod,
    String ipvsScheduler,
    List<String> nodePortAddresses,
    String detectLocalMode,
    String interfaceNamePrefix,
    String bridgeInterface) {

  /** What kubeadm configures: iptables mode, clusterCIDR = the pod subnet. */
  public static KubeProxyConfiguration defaults(List<Cidr> podSubnets) {
    return new KubeProxyConfiguration(
        ProxyMode.IPTABLES,
        "",
        podSubnets,
        false,
        14,
        true,
        Duration.ofSeconds(30),
        Duration.ofSeconds(1),
        "",
        List.of(),
        "ClusterCIDR",
        "",
        "");
  }

  /**
   * kube-proxy's own defaults, which a configuration document starts from: no cluster CIDR (so no
   * local-traffic detector), iptables mode.
   */
  public static final KubeProxyConfiguration UPSTREAM_DEFAULTS = defaults(List.of());

  /** The namespace of kube-proxy's ConfigMap. */
  public static final String CONFIG_MAP_NAMESPACE = "kube-system";

  /** The name of kube-proxy's ConfigMap. */
  public static final String CONFIG_MAP_NAME = "kube-proxy";

  /** The ConfigMap key kubeadm mounts as kube-proxy's {@code --config} file. */
  public static final String CONFIG_KEY = "config.conf";

  public KubeProxyConfiguration {
    clusterCidrs = ImmutableList.copyOf(clusterCidrs);
    nodePortAddresses = ImmutableList.copyOf(nodePortAddresses);
    checkArgument(
        masqueradeBit >= 0 && masqueradeBit <= 31, "masqueradeBit out of range: %s", masqueradeBit);
  }

  /**
   * What kube-proxy reads when it starts: the {@code config.conf} of the {@code
   * kube-system/kube-proxy} ConfigMap, as the kubeadm DaemonSet mounts it into the pod
   * (kube-proxy's own defaults when the ConfigMap or its key is missing).
   *
   * @throws ManifestException for invalid values and for modes ksim does not implement yet, naming
   *     the line in {@code config.conf}
   */
  public static KubeProxyConfiguration read(ApiStore store) {
    String text =
        store
            .<ConfigMap>get(
                new ObjectKey(ResourceType.CONFIG_MAP, CONFIG_MAP_NAMESPACE, CONFIG_MAP_NAME))
            .map(ConfigMap::getData)
            .map(data -> data.get(CONFIG_KEY))
            .orElse(null);
    KubeProxyConfiguration config = UPSTREAM_DEFAULTS;
    if (text != null) {
      for (YamlDocument document :
          YamlReader.read(CONFIG_MAP_NAMESPACE + "/" + CONFIG_MAP_NAME + " " + CONFIG_KEY, text)) {
        config = parse(document);
      }
    }
    return config;
  }

  /**
   * Reads a KubeProxyConfiguration document: what it leaves out takes kube-proxy's defaults.
   *
   * @throws ManifestException for invalid values and for modes ksim does not implement yet
   */
  public static KubeProxyConfiguration parse(YamlDocument document) {
    KubeProxyConfiguration base = UPSTREAM_DEFAULTS;
    JsonNode tree = document.tree();
    ProxyMode mode = base.mode();
    String modeText = tree.path("mode").asText("");
    if (!modeText.isEmpty()) {
      mode = parseMode(document, modeText);
    }
    List<Cidr> clusterCidrs = base.clusterCidrs();
    String clusterCidr = tree.path("clusterCIDR").asText("");
    if (!clusterCidr.isEmpty()) {
      clusterCidrs = new ArrayList<>();
      for (String part : clusterCidr.split(",", -1)) {
        clusterCidrs.add(
            Cidr.tryParse(part.trim())
                .orElseThrow(
                    () ->
                        new ManifestException(
                            document.locate("clusterCIDR"),
                            "KubeProxyConfiguration.ClusterCIDR: Invalid value: \""
                                + clusterCidr
                                + "\": must be a valid CIDR block (e.g. 10.100.0.0/16 or fde4:8dba:82e1::/48)")));
      }
    }
    JsonNode iptables = tree.path("iptables");
    int bit = iptables.path("masqueradeBit").asInt(base.masqueradeBit());
    if (bit < 0 || bit > 31) {
      throw new ManifestException(
          document.locate("iptables.masqueradeBit"),
          "KubeProxyConfiguration.IPTables.MasqueradeBit: Invalid value: "
              + bit
              + ": must be within the range [0, 31]");
    }
    List<String> nodePortAddresses = base.nodePortAddresses();
    if (tree.has("nodePortAddresses")) {
      nodePortAddresses = new ArrayList<>();
      for (JsonNode address : tree.path("nodePortAddresses")) {
        String text = address.asText();
        if (!text.equals("primary") && Cidr.tryParse(text).isEmpty()) {
          throw new ManifestException(
              document.locate("nodePortAddresses"),
              "KubeProxyConfiguration.NodePortAddresses: Invalid value: \""
                  + text
                  + "\": must be a valid CIDR or \"primary\"");
        }
        nodePortAddresses.add(text);
      }
    }
    String detectLocalMode = tree.path("detectLocalMode").asText(base.detectLocalMode());
    if (detectLocalMode.isEmpty()) {
      detectLocalMode = "ClusterCIDR";
    }
    if (!List.of("ClusterCIDR", "NodeCIDR", "BridgeInterface", "InterfaceNamePrefix")
        .contains(detectLocalMode)) {
      throw new ManifestException(
          document.locate("detectLocalMode"),
          "KubeProxyConfiguration.DetectLocalMode: Unsupported value: \""
              + detectLocalMode
              + "\": supported values: \"ClusterCIDR\", \"NodeCIDR\", \"BridgeInterface\","
              + " \"InterfaceNamePrefix\"");
    }
    return new KubeProxyConfiguration(
        mode,
        tree.path("hostnameOverride").asText(base.hostnameOverride()),
        clusterCidrs,
        iptables.path("masqueradeAll").asBoolean(base.masqueradeAll()),
        bit,
        iptables.path("localhostNodePorts").asBoolean(base.localhostNodePorts()),
        duration(document, "iptables.syncPeriod", iptables.path("syncPeriod"), base.syncPeriod()),
        duration(
            document,
            "iptables.minSyncPeriod",
            iptables.path("minSyncPeriod"),
            base.minSyncPeriod()),
        tree.path("ipvs").path("scheduler").asText(base.ipvsScheduler()),
        nodePortAddresses,
        detectLocalMode,
        tree.path("detectLocal").path("interfaceNamePrefix").asText(base.interfaceNamePrefix()),
        tree.path("detectLocal").path("bridgeInterface").asText(base.bridgeInterface()));
  }

  private static ProxyMode parseMode(YamlDocument document, String text) {
    for (ProxyMode mode : ProxyMode.values()) {
      if (mode.token().equals(text.toLowerCase(Locale.ROOT))) {
        if (mode != ProxyMode.IPTABLES) {
          throw new ManifestException(
              document.locate("mode"),
              "proxy mode \"" + text + "\" is not implemented in ksim yet (iptables is)");
        }
        return mode;
      }
    }
    throw new ManifestException(
        document.locate("mode"),
        "KubeProxyConfiguration.Mode: Unsupported value: \""
            + text
            + "\": supported values: \"iptables\", \"ipvs\", \"nftables\"");
  }

  /** A Go duration ({@code 30s}, {@code 1m0s}, {@code 500ms}). */
  private static Duration duration(
      YamlDocument document, String field, JsonNode node, Duration base) {
    if (node.isMissingNode() || node.isNull() || node.asText().isEmpty()) {
      return base;
    }
    String text = node.asText();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)(h|m|s|ms|us|ns)").matcher(text);
    double nanos = 0;
    int end = 0;
    while (m.find() && m.start() == end) {
      double value = Double.parseDouble(m.group(1));
      nanos +=
          value
              * switch (m.group(2)) {
                case "h" -> 3.6e12;
                case "m" -> 6e10;
                case "s" -> 1e9;
                case "ms" -> 1e6;
                case "us" -> 1e3;
                default -> 1;
              };
      end = m.end();
    }
    if (end != text.length() || end == 0) {
      throw new ManifestException(
          document.locate(field), "time: invalid duration \"" + text + "\"");
    }
    return Duration.ofNanos((long) nanos);
  }
}
