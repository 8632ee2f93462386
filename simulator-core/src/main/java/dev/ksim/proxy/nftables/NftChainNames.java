package dev.ksim.proxy.nftables;

import com.google.common.hash.Hashing;
import com.google.common.io.BaseEncoding;
import dev.ksim.net.IpPort;
import dev.ksim.proxy.EndpointInfo;
import dev.ksim.proxy.ServicePortName;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The names of the per-Service-port chains and affinity sets: {@code
 * <prefix><HASH>-<ns>/<name>/<proto>/<portName>}, with {@code __<ip>/<port>} appended for an
 * endpoint; HASH is the first 8 characters of the base32 SHA-256 of the text after it, and the part
 * after the prefix is cut to 237 characters plus {@code ...} when longer than 240.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/master/pkg/proxy/nftables/proxier.go">proxier.go
 *     servicePortChainNameBase, servicePortEndpointChainNameBase, hashAndTruncate</a>
 */
public final class NftChainNames {
  static final String SERVICE = "service-";
  static final String LOCAL = "local-";
  static final String EXTERNAL = "external-";
  static final String FIREWALL = "firewall-";
  static final String ENDPOINT = "endpoint-";
  static final String AFFINITY = "affinity-";

  private static final int MAX_BASE = 240;

  private NftChainNames() {}

  /** {@code ns/name/proto/portName}, hashed and truncated. */
  public static String servicePortBase(ServicePortName name) {
    return hashAndTruncate(portText(name));
  }

  /** {@code ns/name/proto/portName__ip/port} (IPv6 colons as dots), hashed and truncated. */
  public static String endpointBase(ServicePortName name, EndpointInfo endpoint) {
    IpPort address = endpoint.address();
    return hashAndTruncate(
        portText(name) + "__" + address.ip().toString().replace(':', '.') + "/" + address.port());
  }

  private static String portText(ServicePortName name) {
    return name.namespace()
        + "/"
        + name.name()
        + "/"
        + name.protocol().token().toLowerCase(Locale.ROOT)
        + "/"
        + name.port();
  }

  static String hashAndTruncate(String text) {
    byte[] digest = Hashing.sha256().hashString(text, StandardCharsets.UTF_8).asBytes();
    String base = BaseEncoding.base32().encode(digest).substring(0, 8) + "-" + text;
    return base.length() > MAX_BASE ? base.substring(0, MAX_BASE - 3) + "..." : base;
  }
}
