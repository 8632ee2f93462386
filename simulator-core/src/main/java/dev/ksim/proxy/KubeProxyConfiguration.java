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
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpPort;
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
 * @param ipvs {@code ipvs.*}, parsed and validated for the ipvs mode
 * @param nftables {@code nftables.*}, parsed and validated for the nftables mode
 * @param conntrack {@code conntrack.*}
 * @param nodePortAddresses {@code nodePortAddresses} (empty: all of the node's addresses)
 * @param detectLocalMode {@code detectLocalMode} (default ClusterCIDR)
 * @param interfaceNamePrefix {@code detectLocal.interfaceNamePrefix}
 * @param bridgeInterface {@code detectLocal.bridgeInterface}
 * @param metricsBindAddress {@code metricsBindAddress} (default 127.0.0.1:10249): where {@code
 *     /metrics} and {@code /proxyMode} are served
 * @param healthzBindAddress {@code healthzBindAddress} (default 0.0.0.0:10256): where {@code
 *     /healthz} and {@code /livez} are served
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
    Ipvs ipvs,
    Nftables nftables,
    Conntrack conntrack,
    List<String> nodePortAddresses,
    String detectLocalMode,
    String interfaceNamePrefix,
    String bridgeInterface,
    IpPort metricsBindAddress,
    IpPort healthzBindAddress) {

  /**
   * {@code ipvs.*}.
   *
   * @param scheduler {@code ipvs.scheduler} ("" means rr)
   * @param excludeCidrs {@code ipvs.excludeCIDRs}: virtual servers kube-proxy leaves alone
   * @param strictArp {@code ipvs.strictARP}
   * @param tcpTimeout {@code ipvs.tcpTimeout} (0: the kernel's)
   * @param tcpFinTimeout {@code ipvs.tcpFinTimeout} (0: the kernel's)
   * @param udpTimeout {@code ipvs.udpTimeout} (0: the kernel's)
   * @param syncPeriod {@code ipvs.syncPeriod} (default 30s)
   * @param minSyncPeriod {@code ipvs.minSyncPeriod} (default 0s)
   */
  public record Ipvs(
      String scheduler,
      List<Cidr> excludeCidrs,
      boolean strictArp,
      Duration tcpTimeout,
      Duration tcpFinTimeout,
      Duration udpTimeout,
      Duration syncPeriod,
      Duration minSyncPeriod) {
    static final Ipvs DEFAULTS =
        new Ipvs(
            "",
            List.of(),
            false,
            Duration.ZERO,
            Duration.ZERO,
            Duration.ZERO,
            Duration.ofSeconds(30),
            Duration.ZERO);

    public Ipvs {
      excludeCidrs = ImmutableList.copyOf(excludeCidrs);
    }
  }

  /**
   * {@code nftables.*}.
   *
   * @param masqueradeAll {@code nftables.masqueradeAll}
   * @param masqueradeBit {@code nftables.masqueradeBit} (default 14)
   * @param syncPeriod {@code nftables.syncPeriod} (default 30s)
   * @param minSyncPeriod {@code nftables.minSyncPeriod} (default 1s)
   */
  public record Nftables(
      boolean masqueradeAll, int masqueradeBit, Duration syncPeriod, Duration minSyncPeriod) {
    static final Nftables DEFAULTS =
        new Nftables(false, 14, Duration.ofSeconds(30), Duration.ofSeconds(1));
  }

  /**
   * {@code conntrack.*}: the conntrack table size and timeouts kube-proxy sets on the node.
   *
   * @param maxPerCore {@code conntrack.maxPerCore} (default 32768)
   * @param min {@code conntrack.min} (default 131072)
   * @param tcpEstablishedTimeout {@code conntrack.tcpEstablishedTimeout} (default 24h)
   * @param tcpCloseWaitTimeout {@code conntrack.tcpCloseWaitTimeout} (default 1h)
   * @param tcpBeLiberal {@code conntrack.tcpBeLiberal}
   * @param udpTimeout {@code conntrack.udpTimeout} (0: the kernel's)
   * @param udpStreamTimeout {@code conntrack.udpStreamTimeout} (0: the kernel's)
   */
  public record Conntrack(
      int maxPerCore,
      int min,
      Duration tcpEstablishedTimeout,
      Duration tcpCloseWaitTimeout,
      boolean tcpBeLiberal,
      Duration udpTimeout,
      Duration udpStreamTimeout) {
    static final Conntrack DEFAULTS =
        new Conntrack(
            32 * 1024,
            128 * 1024,
            Duration.ofHours(24),
            Duration.ofHours(1),
            false,
            Duration.ZERO,
            Duration.ZERO);
  }

  /** The schedulers {@code ipvs.scheduler} accepts, in upstream's order ("" means rr). */
  private static final List<String> IPVS_SCHEDULERS =
      List.of("rr", "wrr", "lc", "wlc", "lblc", "lblcr", "sh", "dh", "sed", "nq", "mh", "");

  /**
   * kube-proxy's own defaults, which a configuration document starts from: iptables mode, no
   * cluster CIDR (so no local-traffic detector).
   *
   * @see <a
   *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/proxy/apis/config/v1alpha1/defaults.go">v1alpha1/defaults.go</a>
   */
  public static final KubeProxyConfiguration UPSTREAM_DEFAULTS =
      new KubeProxyConfiguration(
          ProxyMode.IPTABLES,
          "",
          List.of(),
          false,
          14,
          true,
          Duration.ofSeconds(30),
          Duration.ofSeconds(1),
          Ipvs.DEFAULTS,
          Nftables.DEFAULTS,
          Conntrack.DEFAULTS,
          List.of(),
          "ClusterCIDR",
          "",
          "",
          new IpPort(IpAddress.parse("127.0.0.1"), 10249),
          new IpPort(IpAddress.parse("0.0.0.0"), 10256));

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
   * @throws ManifestException for invalid values, naming the line in {@code config.conf}
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
   * @throws ManifestException for invalid values
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
    checkMasqueradeBit(document, "iptables", "IPTables", bit);
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
    Duration syncPeriod =
        duration(document, "iptables.syncPeriod", iptables.path("syncPeriod"), base.syncPeriod());
    Duration minSyncPeriod =
        duration(
            document,
            "iptables.minSyncPeriod",
            iptables.path("minSyncPeriod"),
            base.minSyncPeriod());
    checkSyncPeriods(document, "iptables", "IPTables", syncPeriod, minSyncPeriod);
    Ipvs ipvs = ipvs(document, tree.path("ipvs"), mode == ProxyMode.IPVS);
    Nftables nftables = nftables(document, tree.path("nftables"), mode == ProxyMode.NFTABLES);
    Conntrack conntrack = conntrack(document, tree.path("conntrack"));
    return new KubeProxyConfiguration(
        mode,
        tree.path("hostnameOverride").asText(base.hostnameOverride()),
        clusterCidrs,
        iptables.path("masqueradeAll").asBoolean(base.masqueradeAll()),
        bit,
        iptables.path("localhostNodePorts").asBoolean(base.localhostNodePorts()),
        syncPeriod,
        minSyncPeriod,
        ipvs,
        nftables,
        conntrack,
        nodePortAddresses,
        detectLocalMode,
        tree.path("detectLocal").path("interfaceNamePrefix").asText(base.interfaceNamePrefix()),
        tree.path("detectLocal").path("bridgeInterface").asText(base.bridgeInterface()),
        bindAddress(document, tree, "metricsBindAddress", "MetricsBindAddress", base),
        bindAddress(document, tree, "healthzBindAddress", "HealthzBindAddress", base));
  }

  /**
   * The {@code syncPeriod} of the running mode's section: upstream's v1alpha1 conversion takes the
   * ipvs mode's from {@code ipvs.*}, the nftables mode's from {@code nftables.*} and every other
   * mode's from {@code iptables.*}.
   *
   * @see <a
   *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/proxy/apis/config/v1alpha1/conversion.go">v1alpha1/conversion.go</a>
   */
  public Duration modeSyncPeriod() {
    return switch (mode) {
      case IPTABLES -> syncPeriod;
      case IPVS -> ipvs.syncPeriod();
      case NFTABLES -> nftables.syncPeriod();
    };
  }

  /** The {@code minSyncPeriod} of the running mode's section, as {@link #modeSyncPeriod}. */
  public Duration modeMinSyncPeriod() {
    return switch (mode) {
      case IPTABLES -> minSyncPeriod;
      case IPVS -> ipvs.minSyncPeriod();
      case NFTABLES -> nftables.minSyncPeriod();
    };
  }

  /**
   * {@code metricsBindAddress} or {@code healthzBindAddress}: {@code IP:port}, the default when
   * empty or absent (kubeadm's ConfigMap writes both as "").
   */
  private static IpPort bindAddress(
      YamlDocument document,
      JsonNode tree,
      String field,
      String goField,
      KubeProxyConfiguration base) {
    IpPort fallback =
        field.equals("metricsBindAddress") ? base.metricsBindAddress() : base.healthzBindAddress();
    String text = tree.path(field).asText("");
    if (text.isEmpty()) {
      return fallback;
    }
    return IpPort.tryParse(text)
        .orElseThrow(
            () ->
                new ManifestException(
                    document.locate(field),
                    "KubeProxyConfiguration."
                        + goField
                        + ": Invalid value: \""
                        + text
                        + "\": must be IP:port"));
  }

  /** {@code ipvs.*}, validated as upstream validates it when the mode is ipvs. */
  private static Ipvs ipvs(YamlDocument document, JsonNode node, boolean validate) {
    Ipvs base = Ipvs.DEFAULTS;
    String scheduler = node.path("scheduler").asText(base.scheduler());
    List<Cidr> excludeCidrs = new ArrayList<>();
    for (JsonNode cidr : node.path("excludeCIDRs")) {
      Cidr.tryParse(cidr.asText())
          .ifPresentOrElse(
              excludeCidrs::add,
              () -> {
                if (validate) {
                  throw new ManifestException(
                      document.locate("ipvs.excludeCIDRs"),
                      "KubeProxyConfiguration.IPVS.ExcludeCIDRs: Invalid value: \""
                          + cidr.asText()
                          + "\": must be a valid IP block");
                }
              });
    }
    Ipvs ipvs =
        new Ipvs(
            scheduler,
            excludeCidrs,
            node.path("strictARP").asBoolean(base.strictArp()),
            duration(document, "ipvs.tcpTimeout", node.path("tcpTimeout"), base.tcpTimeout()),
            duration(
                document, "ipvs.tcpFinTimeout", node.path("tcpFinTimeout"), base.tcpFinTimeout()),
            duration(document, "ipvs.udpTimeout", node.path("udpTimeout"), base.udpTimeout()),
            duration(document, "ipvs.syncPeriod", node.path("syncPeriod"), base.syncPeriod()),
            duration(
                document, "ipvs.minSyncPeriod", node.path("minSyncPeriod"), base.minSyncPeriod()));
    if (validate) {
      checkSyncPeriods(document, "ipvs", "IPVS", ipvs.syncPeriod(), ipvs.minSyncPeriod());
      checkNotNegative(document, "ipvs.tcpTimeout", "IPVS.TCPTimeout", ipvs.tcpTimeout());
      checkNotNegative(document, "ipvs.tcpFinTimeout", "IPVS.TCPFinTimeout", ipvs.tcpFinTimeout());
      checkNotNegative(document, "ipvs.udpTimeout", "IPVS.UDPTimeout", ipvs.udpTimeout());
      if (!IPVS_SCHEDULERS.contains(scheduler)) {
        throw new ManifestException(
            document.locate("ipvs.scheduler"),
            "KubeProxyConfiguration.IPVS.Scheduler: Invalid value: \""
                + scheduler
                + "\": must be in ["
                + String.join(" ", IPVS_SCHEDULERS)
                + "], blank means the default algorithm method (currently rr)");
      }
    }
    return ipvs;
  }

  /** {@code nftables.*}, validated as upstream validates it when the mode is nftables. */
  private static Nftables nftables(YamlDocument document, JsonNode node, boolean validate) {
    Nftables base = Nftables.DEFAULTS;
    Nftables nftables =
        new Nftables(
            node.path("masqueradeAll").asBoolean(base.masqueradeAll()),
            node.path("masqueradeBit").asInt(base.masqueradeBit()),
            duration(document, "nftables.syncPeriod", node.path("syncPeriod"), base.syncPeriod()),
            duration(
                document,
                "nftables.minSyncPeriod",
                node.path("minSyncPeriod"),
                base.minSyncPeriod()));
    if (validate) {
      checkMasqueradeBit(document, "nftables", "NFTables", nftables.masqueradeBit());
      checkSyncPeriods(
          document, "nftables", "NFTables", nftables.syncPeriod(), nftables.minSyncPeriod());
    }
    return nftables;
  }

  /** {@code conntrack.*}, validated in every mode. */
  private static Conntrack conntrack(YamlDocument document, JsonNode node) {
    Conntrack base = Conntrack.DEFAULTS;
    Conntrack conntrack =
        new Conntrack(
            node.path("maxPerCore").asInt(base.maxPerCore()),
            node.path("min").asInt(base.min()),
            duration(
                document,
                "conntrack.tcpEstablishedTimeout",
                node.path("tcpEstablishedTimeout"),
                base.tcpEstablishedTimeout()),
            duration(
                document,
                "conntrack.tcpCloseWaitTimeout",
                node.path("tcpCloseWaitTimeout"),
                base.tcpCloseWaitTimeout()),
            node.path("tcpBeLiberal").asBoolean(base.tcpBeLiberal()),
            duration(document, "conntrack.udpTimeout", node.path("udpTimeout"), base.udpTimeout()),
            duration(
                document,
                "conntrack.udpStreamTimeout",
                node.path("udpStreamTimeout"),
                base.udpStreamTimeout()));
    checkCount(document, "maxPerCore", "MaxPerCore", conntrack.maxPerCore());
    checkCount(document, "min", "Min", conntrack.min());
    checkNotNegative(
        document,
        "conntrack.tcpEstablishedTimeout",
        "Conntrack.TCPEstablishedTimeout",
        conntrack.tcpEstablishedTimeout());
    checkNotNegative(
        document,
        "conntrack.tcpCloseWaitTimeout",
        "Conntrack.TCPCloseWaitTimeout",
        conntrack.tcpCloseWaitTimeout());
    checkNotNegative(
        document, "conntrack.udpTimeout", "Conntrack.UDPTimeout", conntrack.udpTimeout());
    checkNotNegative(
        document,
        "conntrack.udpStreamTimeout",
        "Conntrack.UDPStreamTimeout",
        conntrack.udpStreamTimeout());
    return conntrack;
  }

  private static void checkCount(YamlDocument document, String field, String goField, int value) {
    if (value < 0) {
      throw new ManifestException(
          document.locate("conntrack." + field),
          "KubeProxyConfiguration.Conntrack."
              + goField
              + ": Invalid value: "
              + value
              + ": must be greater than or equal to 0");
    }
  }

  private static void checkMasqueradeBit(
      YamlDocument document, String section, String goSection, int bit) {
    if (bit < 0 || bit > 31) {
      throw new ManifestException(
          document.locate(section + ".masqueradeBit"),
          "KubeProxyConfiguration."
              + goSection
              + ".MasqueradeBit: Invalid value: "
              + bit
              + ": must be within the range [0, 31]");
    }
  }

  /** syncPeriod above 0, minSyncPeriod at least 0 and at most syncPeriod, as upstream checks. */
  private static void checkSyncPeriods(
      YamlDocument document,
      String section,
      String goSection,
      Duration syncPeriod,
      Duration minSyncPeriod) {
    String prefix = "KubeProxyConfiguration." + goSection + ".";
    if (syncPeriod.isNegative() || syncPeriod.isZero()) {
      throw new ManifestException(
          document.locate(section + ".syncPeriod"),
          prefix + "SyncPeriod: Invalid value: " + go(syncPeriod) + ": must be greater than 0");
    }
    checkNotNegative(
        document, section + ".minSyncPeriod", goSection + ".MinSyncPeriod", minSyncPeriod);
    if (minSyncPeriod.compareTo(syncPeriod) > 0) {
      throw new ManifestException(
          document.locate(section + ".syncPeriod"),
          prefix
              + "SyncPeriod: Invalid value: "
              + go(minSyncPeriod)
              + ": must be greater than or equal to "
              + prefix
              + "MinSyncPeriod");
    }
  }

  private static void checkNotNegative(
      YamlDocument document, String field, String goField, Duration value) {
    if (value.isNegative()) {
      throw new ManifestException(
          document.locate(field),
          "KubeProxyConfiguration."
              + goField
              + ": Invalid value: "
              + go(value)
              + ": must be greater than or equal to 0");
    }
  }

  /** A duration as Go's {@code time.Duration.String} prints whole seconds and milliseconds. */
  private static String go(Duration duration) {
    long millis = duration.toMillis();
    String sign = millis < 0 ? "-" : "";
    long abs = Math.abs(millis);
    if (abs == 0) {
      return "0s";
    }
    if (abs < 1000) {
      return sign + abs + "ms";
    }
    long hours = abs / 3_600_000;
    long minutes = abs / 60_000 % 60;
    double seconds = abs % 60_000 / 1000.0;
    String secondsText =
        seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds);
    if (hours > 0) {
      return sign + hours + "h" + minutes + "m" + secondsText + "s";
    }
    if (minutes > 0) {
      return sign + minutes + "m" + secondsText + "s";
    }
    return sign + secondsText + "s";
  }

  private static ProxyMode parseMode(YamlDocument document, String text) {
    for (ProxyMode mode : ProxyMode.values()) {
      if (mode.token().equals(text.toLowerCase(Locale.ROOT))) {
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
        java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)(h|ms|us|ns|m|s)").matcher(text);
    boolean negative = text.startsWith("-");
    double nanos = 0;
    int start = negative ? 1 : 0;
    int end = start;
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
    if (end != text.length() || end == start) {
      throw new ManifestException(
          document.locate(field), "time: invalid duration \"" + text + "\"");
    }
    return Duration.ofNanos((long) (negative ? -nanos : nanos));
  }
}
