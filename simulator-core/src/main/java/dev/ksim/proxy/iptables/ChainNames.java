package dev.ksim.proxy.iptables;

import com.google.common.io.BaseEncoding;
import dev.ksim.proxy.EndpointInfo;
import dev.ksim.proxy.ServicePortName;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
    return hash(portProtoOf(name));
  }

  /** What a Service port's hashes start from: {@code ns/svc[:port]} and the protocol. */
  private static String portProtoOf(ServicePortName name) {
    return name + name.protocol().token().toLowerCase(Locale.ROOT);
  }

  /** The KUBE-SVC chain: the Service port's endpoints for Cluster traffic policy. */
  public static ChainName cluster(ServicePortName name) {
    return PortChains.of(name).cluster();
  }

  /** The KUBE-SVL chain: the Service port's endpoints on this node, for Local policy. */
  public static ChainName local(ServicePortName name) {
    return PortChains.of(name).local();
  }

  /** The KUBE-EXT chain: traffic to the Service port from outside (NodePort, external IPs). */
  public static ChainName external(ServicePortName name) {
    return PortChains.of(name).external();
  }

  /** The KUBE-FW chain: loadBalancerSourceRanges of the Service port. */
  public static ChainName firewall(ServicePortName name) {
    return PortChains.of(name).firewall();
  }

  /** The KUBE-SEP chain of one endpoint of a Service port. */
  public static ChainName endpoint(ServicePortName name, EndpointInfo endpoint) {
    return PortChains.of(name).endpoint(endpoint.toString());
  }

  /**
   * The chains of one Service port, its name hashed once for the four of them (upstream's {@code
   * servicePortInfo} keeps them from {@code newServiceInfo} on).
   *
   * @param portProto what the port's hashes start from
   * @param cluster the KUBE-SVC chain
   * @param local the KUBE-SVL chain
   * @param external the KUBE-EXT chain
   * @param firewall the KUBE-FW chain
   */
  public record PortChains(
      String portProto,
      ChainName cluster,
      ChainName local,
      ChainName external,
      ChainName firewall) {
    /** The chains of the port named {@code name}. */
    public static PortChains of(ServicePortName name) {
      String portProto = portProtoOf(name);
      String hash = hash(portProto);
      return new PortChains(
          portProto,
          ChainName.of(SERVICE_CLUSTER_PREFIX + hash),
          ChainName.of(SERVICE_LOCAL_PREFIX + hash),
          ChainName.of(EXTERNAL_PREFIX + hash),
          ChainName.of(FIREWALL_PREFIX + hash));
    }

    /** The KUBE-SEP chain of the port's endpoint at {@code address} ({@code ip:port}). */
    public ChainName endpoint(String address) {
      return ChainName.of(ENDPOINT_PREFIX + hash(portProto + address));
    }
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
   * One SHA-256 digest per thread, reset by each {@code digest}: a node's first sync hashes 110,000
   * chain names at 10,000 Services, and a digest cloned per name (Guava's {@code Hashing}) cost a
   * third of the hashing.
   */
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(ChainNames::sha256);

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /**
   * The first 16 base32 characters of {@code text}'s SHA-256: those of its first 10 bytes (base32
   * writes 5 bytes as 8 characters), so the rest of the digest is not encoded to be cut off.
   */
  private static String hash(String text) {
    byte[] digest = SHA256.get().digest(text.getBytes(StandardCharsets.UTF_8));
    return BaseEncoding.base32().encode(digest, 0, 10);
  }
}
