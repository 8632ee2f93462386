package dev.ksim.dns.kubernetes;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * A Service as the plugin indexes it.
 *
 * @param clusterIps the ClusterIPs (empty for headless and ExternalName Services)
 * @param externalName the target of an ExternalName Service, else empty
 */
public record DnsService(
    String namespace,
    String name,
    ServiceKind kind,
    List<String> clusterIps,
    List<DnsPort> ports,
    String externalName) {
  public DnsService {
    clusterIps = ImmutableList.copyOf(clusterIps);
    ports = ImmutableList.copyOf(ports);
  }

  /** The three shapes of answer a Service gives. */
  public enum ServiceKind {
    CLUSTER_IP,
    HEADLESS,
    EXTERNAL_NAME
  }
}
