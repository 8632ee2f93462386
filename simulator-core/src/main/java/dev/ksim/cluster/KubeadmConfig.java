package dev.ksim.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ksim.config.ClusterNetwork;
import dev.ksim.manifest.ManifestException;
import dev.ksim.manifest.YamlDocument;
import dev.ksim.net.Cidr;
import dev.ksim.net.IpFamily;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads kubeadm's ClusterConfiguration (v1beta3 and v1beta4) into the cluster's network settings:
 * {@code networking.podSubnet}, {@code serviceSubnet}, {@code dnsDomain}, and the API server's
 * {@code service-node-port-range} and {@code service-cluster-ip-range} from {@code
 * apiServer.extraArgs} (a map in v1beta3, a list of name/value pairs in v1beta4).
 *
 * @see <a href="https://kubernetes.io/docs/reference/config-api/kubeadm-config.v1beta4/">kubeadm
 *     Configuration (v1beta4)</a>
 */
public final class KubeadmConfig {
  private KubeadmConfig() {}

  /** The network of a cluster configured by {@code documents} (later ones win). */
  public static ClusterNetwork apply(ClusterNetwork base, List<YamlDocument> documents) {
    ClusterNetwork network = base;
    for (YamlDocument document : documents) {
      network = apply(network, document);
    }
    return network;
  }

  /**
   * The {@code kubernetesVersion} the last ClusterConfiguration names ({@code v} added where
   * kubeadm accepts it without), or empty when none names an exact version: kubeadm resolves labels
   * such as {@code stable-1} online, which a simulation cannot, so those keep ksim's version.
   */
  public static Optional<String> kubernetesVersion(List<YamlDocument> documents) {
    Optional<String> version = Optional.empty();
    for (YamlDocument document : documents) {
      String given = document.tree().path("kubernetesVersion").asText("");
      if (given.matches("v?\\d+\\.\\d+\\.\\d+([-+][0-9A-Za-z.-]+)?")) {
        version = Optional.of(given.startsWith("v") ? given : "v" + given);
      }
    }
    return version;
  }

  private static ClusterNetwork apply(ClusterNetwork base, YamlDocument document) {
    ClusterNetwork network = base;
    JsonNode networking = document.tree().path("networking");
    if (networking.hasNonNull("podSubnet")) {
      network =
          network.withPodSubnets(
              cidrs(document, "networking.podSubnet", networking.get("podSubnet").asText()));
    }
    if (networking.hasNonNull("serviceSubnet")) {
      network =
          network.withServiceSubnets(
              cidrs(
                  document, "networking.serviceSubnet", networking.get("serviceSubnet").asText()));
    }
    if (networking.hasNonNull("dnsDomain")) {
      network = network.withDnsDomain(networking.get("dnsDomain").asText());
    }
    Map<String, String> args = extraArgs(document);
    String range = args.get("service-cluster-ip-range");
    if (range != null) {
      network = network.withServiceSubnets(cidrs(document, "apiServer.extraArgs", range));
    }
    String ports = args.get("service-node-port-range");
    if (ports != null) {
      String[] parts = ports.split("-", -1);
      try {
        int low = Integer.parseInt(parts[0].trim());
        int high = parts.length == 2 ? Integer.parseInt(parts[1].trim()) : low;
        if (parts.length > 2 || low < 1 || high > 65535 || high < low) {
          throw new NumberFormatException();
        }
        network = network.withNodePortRange(low, high);
      } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
        throw new ManifestException(
            document.locate("apiServer.extraArgs"),
            "invalid service-node-port-range \"" + ports + "\": want FROM-TO, ports 1-65535");
      }
    }
    validate(network, document);
    return network;
  }

  /**
   * What kubeadm refuses before it starts a cluster: a pod subnet smaller than one node's block
   * (kube-controller-manager's node CIDR mask, 24 for IPv4 and 64 for IPv6), and a service subnet
   * without room for the kube-dns address, its tenth.
   *
   * @see <a
   *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/cmd/kubeadm/app/apis/kubeadm/validation/validation.go">ValidatePodSubnetNodeMask</a>
   * @see <a
   *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/cmd/kubeadm/app/constants/constants.go">GetDNSIP:
   *     the 10th IP of the service subnet</a>
   */
  private static void validate(ClusterNetwork network, YamlDocument document) {
    for (Cidr pods : network.podSubnets()) {
      int nodeMask = pods.family() == IpFamily.IPV4 ? 24 : 64;
      if (pods.prefixLength() > nodeMask) {
        throw new ManifestException(
            document.locate("networking.podSubnet"),
            String.format(
                "Invalid value: \"%s\": the size of pod subnet with mask %d"
                    + " is smaller than the size of node subnet with mask %d",
                pods, pods.prefixLength(), nodeMask));
      }
    }
    Cidr services = network.serviceSubnets().get(0);
    if (services.size().compareTo(java.math.BigInteger.valueOf(KUBE_DNS_INDEX + 1)) < 0) {
      throw new ManifestException(
          document.locate("networking.serviceSubnet"),
          String.format(
              "unable to get internal Kubernetes Service IP from the given service CIDR: can't"
                  + " generate IP with index %d from subnet. subnet too small. subnet: \"%s\"",
              KUBE_DNS_INDEX, services));
    }
  }

  /** kube-dns's address is the service subnet's tenth. */
  private static final int KUBE_DNS_INDEX = 10;

  private static Map<String, String> extraArgs(YamlDocument document) {
    JsonNode extraArgs = document.tree().path("apiServer").path("extraArgs");
    Map<String, String> args = new LinkedHashMap<>();
    if (extraArgs.isObject()) {
      extraArgs.fields().forEachRemaining(e -> args.put(e.getKey(), e.getValue().asText()));
    } else if (extraArgs.isArray()) {
      for (JsonNode arg : extraArgs) {
        args.put(arg.path("name").asText(), arg.path("value").asText());
      }
    }
    return args;
  }

  /** A comma-separated list of CIDRs, at most one per family. */
  static List<Cidr> cidrs(YamlDocument document, String field, String text) {
    List<Cidr> result = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      Cidr cidr =
          Cidr.tryParse(part.trim())
              .orElseThrow(
                  () ->
                      new ManifestException(
                          document.locate(field), "invalid CIDR address: " + part.trim()));
      if (result.stream().anyMatch(c -> c.family() == cidr.family())) {
        throw new ManifestException(
            document.locate(field), "expected at most one CIDR per IP family: " + text);
      }
      result.add(cidr);
    }
    return result;
  }
}
