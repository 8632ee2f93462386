package dev.ksim.coredns;

import dev.ksim.apiserver.ApiStore;
import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.dns.corefile.Corefile;
import dev.ksim.dns.corefile.CorefileException;
import dev.ksim.dns.corefile.ServerBlock;
import dev.ksim.image.ImageReference;
import dev.ksim.kubelet.ContainerProcesses;
import dev.ksim.kubelet.ProcessStart;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * CoreDNS as the process of a {@code coredns} container: when kubelet starts it, it prints the
 * start-up banner {@code kubectl logs} shows: one {@code zone:port} line per zone it serves (sorted
 * per port, as {@code startUpZones} prints them), the reload plugin's {@code Running configuration
 * SHA512} line when the Corefile has {@code reload}, then the version ({@code CoreDNS-1.12.1}) and
 * the build line ({@code linux/amd64, go1.24.1, 707c7c1}) for the releases ksim knows.
 *
 * <p>The reload plugin hashes caddy's JSON of the parsed server blocks; ksim hashes the Corefile's
 * text, so the digest has upstream's form and changes with the Corefile but is not the value a real
 * CoreDNS prints for the same file. A Corefile that does not parse prints no banner (the DNS server
 * itself keeps its last good configuration, see {@link ClusterDns}).
 *
 * @see <a
 *     href="https://github.com/coredns/coredns/blob/v1.12.1/core/dnsserver/onstartup.go">core/dnsserver/onstartup.go
 *     (startUpZones)</a>
 * @see <a
 *     href="https://github.com/coredns/coredns/blob/v1.12.1/plugin/reload/reload.go">plugin/reload/reload.go</a>
 * @see <a href="https://github.com/coredns/coredns/blob/v1.12.1/coremain/run.go">coremain/run.go
 *     (showVersion)</a>
 */
public final class CoreDnsProcess implements ContainerProcesses {
  /** The build line of each CoreDNS release ksim knows, by version. */
  private static final Map<String, String> BUILDS = Map.of("1.12.1", "go1.24.1, 707c7c1");

  private static final int DNS_PORT = 53;

  private final ApiStore store;

  public CoreDnsProcess(ApiStore store) {
    this.store = store;
  }

  @Override
  public boolean runs(Container container) {
    return ImageReference.parse(String.valueOf(container.getImage())).name().equals("coredns");
  }

  @Override
  public ProcessStart start(String nodeName, Pod pod, Container container) {
    Optional<String> corefile =
        store
            .<ConfigMap>get(new ObjectKey(ResourceType.CONFIG_MAP, "kube-system", "coredns"))
            .filter(ClusterDns::isCorefileConfigMap)
            .map(ClusterDns::corefile);
    if (corefile.isEmpty()) {
      return ProcessStart.running(List.of());
    }
    Map<String, String> environment =
        ClusterDns.environment(
            store.<Deployment>get(
                new ObjectKey(ResourceType.DEPLOYMENT, "kube-system", "coredns")));
    String tag = ImageReference.parse(String.valueOf(container.getImage())).tag();
    return ProcessStart.running(banner(corefile.get(), environment, tag));
  }

  @Override
  public void stop(String nodeName, Pod pod, Container container) {}

  /** The banner of CoreDNS {@code tag} (an image tag, {@code v1.12.1}) starting on {@code text}. */
  static List<String> banner(String text, Map<String, String> environment, String tag) {
    List<ServerBlock> blocks;
    try {
      blocks = Corefile.parse(text, environment);
    } catch (CorefileException e) {
      return List.of();
    }
    Map<Integer, TreeSet<String>> zonesByPort = new LinkedHashMap<>();
    boolean reload = false;
    for (ServerBlock block : blocks) {
      for (String key : block.keys()) {
        String address = key.startsWith("dns://") ? key.substring("dns://".length()) : key;
        int colon = address.lastIndexOf(':');
        boolean hasPort = colon >= 0 && address.substring(colon + 1).matches("[0-9]{1,5}");
        String zone = (hasPort ? address.substring(0, colon) : address).toLowerCase(Locale.ROOT);
        int port = hasPort ? Integer.parseInt(address.substring(colon + 1)) : DNS_PORT;
        zonesByPort
            .computeIfAbsent(port, p -> new TreeSet<>())
            .add(zone.endsWith(".") ? zone : zone + ".");
      }
      reload |= block.directives().stream().anyMatch(d -> d.name().equals("reload"));
    }
    List<String> lines = new ArrayList<>();
    zonesByPort.forEach((port, zones) -> zones.forEach(zone -> lines.add(zone + ":" + port)));
    if (reload) {
      lines.add("[INFO] plugin/reload: Running configuration SHA512 = " + sha512(text));
    }
    String version = tag.startsWith("v") ? tag.substring(1) : tag;
    lines.add("CoreDNS-" + version);
    String build = BUILDS.get(version);
    if (build != null) {
      lines.add("linux/amd64, " + build);
    }
    return lines;
  }

  private static String sha512(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-512").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-512", e);
    }
  }
}
