package dev.ksim.proxy;

import com.google.common.collect.ImmutableList;
import dev.ksim.net.Cidr;
import dev.ksim.net.IpAddress;
import java.util.List;

/**
 * What kube-proxy needs of one Service port for one address family (upstream's
 * BaseServicePortInfo).
 *
 * @param name the port's name
 * @param clusterIp the ClusterIP of this family
 * @param port the Service port
 * @param nodePort the node port, 0 for none
 * @param externalIps externalIPs of this family
 * @param loadBalancerIps load-balancer ingress IPs of this family (not ipMode Proxy)
 * @param loadBalancerSourceRanges source ranges of this family
 * @param stickyMaxAgeSeconds ClientIP affinity timeout, 0 without affinity
 * @param internalPolicyLocal internalTrafficPolicy Local
 * @param externalPolicyLocal externalTrafficPolicy Local on an externally reachable Service
 * @param healthCheckNodePort the health check port, 0 for none
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/master/pkg/proxy/serviceport.go">pkg/proxy/serviceport.go</a>
 */
public record ServicePortInfo(
    ServicePortName name,
    IpAddress clusterIp,
    int port,
    int nodePort,
    List<IpAddress> externalIps,
    List<IpAddress> loadBalancerIps,
    List<Cidr> loadBalancerSourceRanges,
    int stickyMaxAgeSeconds,
    boolean internalPolicyLocal,
    boolean externalPolicyLocal,
    int healthCheckNodePort) {

  public ServicePortInfo {
    externalIps = ImmutableList.copyOf(externalIps);
    loadBalancerIps = ImmutableList.copyOf(loadBalancerIps);
    loadBalancerSourceRanges = ImmutableList.copyOf(loadBalancerSourceRanges);
  }

  /** A NodePort, load-balancer IP or external IP makes the port reachable from outside. */
  public boolean externallyAccessible() {
    return nodePort != 0 || !loadBalancerIps.isEmpty() || !externalIps.isEmpty();
  }

  /**
   * Whether some traffic uses endpoints on any node: internal traffic under the Cluster policy, and
   * any port reachable from outside, whatever its external policy, as pods' traffic to its external
   * addresses short-circuits to the cluster endpoints (upstream's UsesClusterEndpoints).
   */
  public boolean usesClusterEndpoints() {
    return !internalPolicyLocal || externallyAccessible();
  }

  /** Whether some traffic uses only this node's endpoints. */
  public boolean usesLocalEndpoints() {
    return internalPolicyLocal || (externallyAccessible() && externalPolicyLocal);
  }

  public boolean hasSessionAffinity() {
    return stickyMaxAgeSeconds > 0;
  }
}
