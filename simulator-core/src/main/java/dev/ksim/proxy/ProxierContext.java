package dev.ksim.proxy;

import com.google.common.collect.ImmutableList;
import dev.ksim.ipvs.Ipvs;
import dev.ksim.net.Cidr;
import dev.ksim.net.InterfaceAddress;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import java.util.List;

/**
 * What a proxier is made from: the configuration kube-proxy read, the family it serves and the node
 * it runs on (upstream's {@code NewProxier} arguments).
 *
 * @param config the KubeProxyConfiguration kube-proxy started with
 * @param family the IP family of the proxier
 * @param nodeName the node kube-proxy runs on
 * @param nodeAddresses every address of the node's interfaces
 * @param nodeIp the node's primary address of this family ({@code 0.0.0.0} or {@code ::} when it
 *     has none)
 * @param podCidrs the node's pod ranges
 * @param serviceCidrs the cluster's Service ranges (upstream reads them from the ServiceCIDR
 *     objects)
 * @param ipvs the node's IP Virtual Server (the one kernel IPVS table both families share)
 */
public record ProxierContext(
    KubeProxyConfiguration config,
    IpFamily family,
    String nodeName,
    List<InterfaceAddress> nodeAddresses,
    IpAddress nodeIp,
    List<Cidr> podCidrs,
    List<Cidr> serviceCidrs,
    Ipvs ipvs) {
  public ProxierContext {
    serviceCidrs = ImmutableList.copyOf(serviceCidrs);
    nodeAddresses = ImmutableList.copyOf(nodeAddresses);
    podCidrs = ImmutableList.copyOf(podCidrs);
  }
}
