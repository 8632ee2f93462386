package dev.ksim.proxy.iptables;

import com.google.common.hash.Hashing;
import com.google.common.io.BaseEncoding;
import dev.ksim.proxy.EndpointInfo;
import dev.ksim.proxy.ServicePortName;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The per-Service and per-endpoint chain names: a prefix and the first 16 characters of the base32
 * SHA-256 of {@code ns/svc[:port]} + protocol (+ {@code ip:port} for endpoints).
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/master/pkg/proxy/iptables/proxier.go">proxier.go
 *     portProtoHash, servicePortEndpointChainName</a>
 */
public final class ChainNames {
  public static final String SERVICE_CLUSTER_PREFIX = "KUBE-SVC-";
  public static final String SERVICE_LOCAL_PREFIX = "KUBE-SVL-";
  public static final String EXTERNAL_PREFIX = "KUBE-EXT-";
  public static final String FIREWALL_PREFIX = "KUBE-FW-";
  public static final String ENDPOINT_PREFIX = "KUBE-SEP-";

  private ChainNames() {}

  /** portProtoHash: the 16-character suffix of a Service port's chains. */
  public static String portProtoHash(ServicePortName name) {
    return hash(name + name.protocol().token().toLowerCase(Locale.ROOT));
  }

  /** The KUBE-SVC chain: the Service port's endpoints for Cluster traffic policy. */
  public static ChainName cluster(ServicePortName name) {
    return ChainName.of(SERVICE_CLUSTER_PREFIX + portProtoHash(name));
  }

  /** The KUBE-SVL chain: the Service port's endpoints on this node, for Local policy. */
  public static ChainName local(ServicePortName name) {
    return ChainName.of(SERVICE_LOCAL_PREFIX + portProtoHash(name));
  }

  /** The KUBE-EXT chain: traffic to the Service port from outside (NodePort, external IPs). */
  public static ChainName external(ServicePortName name) {
    return ChainName.of(EXTERNAL_PREFIX + portProtoHash(name));
  }

  /** The KUBE-FW chain: loadBalancerSourceRanges of the Service port. */
  public static ChainName firewall(ServicePortName name) {
    return ChainName.of(FIREWALL_PREFIX + portProtoHash(name));
  }

  /** The KUBE-SEP chain of one endpoint of a Service port. */
  public static ChainName endpoint(ServicePortName name, EndpointInfo endpoint) {
    return ChainName.of(
        ENDPOINT_PREFIX + hash(name + name.protocol().token().toLowerCase(Locale.ROOT) + endpoint));
  }

  /** Whether {@code chain} belongs to one Service (its SVC, SVL, EXT, FW or SEP chains). */
  public static boolean isServiceChain(String chain) {
    return chain.startsWith(SERVICE_CLUSTER_PREFIX)
        || chain.startsWith(SERVICE_LOCAL_PREFIX)
        || chain.startsWith(EXTERNAL_PREFIX)
        || chain.startsWith(FIREWALL_PREFIX)
        || chain.startsWith(ENDPOINT_PREFIX);
  }

  /**
   * The first 16 base32 characters of {@code text}'s SHA-256: those of its first 10 bytes (base32
   * writes 5 bytes as 8 characters), so the rest of the digest is not encoded to be cut off.
   */
  private static String hash(String text) {
    byte[] digest = Hashing.sha256().hashString(text, StandardCharsets.UTF_8).asBytes();
    return BaseEncoding.base32().encode(digest, 0, 10);
  }
}
