package dev.ksim.config;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import dev.ksim.net.Cidr;
import dev.ksim.net.IpFamily;
import java.util.List;
import java.util.Optional;

/**
 * The cluster-wide network settings kubeadm's ClusterConfiguration carries: pod subnets (one per
 * family), Service subnets, the DNS domain and the API server's NodePort range.
 *
 * @param podSubnets {@code networking.podSubnet}, primary family first
 * @param serviceSubnets {@code networking.serviceSubnet} or {@code service-cluster-ip-range}
 * @param dnsDomain {@code networking.dnsDomain}
 * @param nodePortBase first port of {@code service-node-port-range}
 * @param nodePortLast last port of {@code service-node-port-range}
 */
public record ClusterNetwork(
    List<Cidr> podSubnets,
    List<Cidr> serviceSubnets,
    String dnsDomain,
    int nodePortBase,
    int nodePortLast) {

  /** kubeadm's defaults with the pod subnet of DESIGN.md's default cluster. */
  public static final ClusterNetwork DEFAULT =
      new ClusterNetwork(
          List.of(Cidr.parse("10.244.0.0/16")),
          List.of(Cidr.parse("10.96.0.0/12")),
          "cluster.local",
          30000,
          32767);

  public ClusterNetwork {
    podSubnets = ImmutableList.copyOf(podSubnets);
    serviceSubnets = ImmutableList.copyOf(serviceSubnets);
    checkArgument(!serviceSubnets.isEmpty(), "serviceSubnets must not be empty");
    checkArgument(serviceSubnets.size() <= 2, "at most two serviceSubnets: %s", serviceSubnets);
    checkArgument(
        serviceSubnets.size() < 2
            || serviceSubnets.get(0).family() != serviceSubnets.get(1).family(),
        "serviceSubnets must be of different families: %s",
        serviceSubnets);
  }

  /** The family of the first Service subnet. */
  public IpFamily primaryFamily() {
    return serviceSubnets.get(0).family();
  }

  public boolean isDualStack() {
    return serviceSubnets.size() == 2;
  }

  /**
   * The kube-dns Service's address: the tenth of the first Service subnet, where kubeadm puts it
   * (cmd/kubeadm/app/constants GetDNSIP) and kubelet's clusterDNS points.
   */
  public String dnsServiceIp() {
    return serviceSubnets.get(0).address(10).toString();
  }

  /** The Service subnet of {@code family}, if the cluster has one. */
  public Optional<Cidr> serviceSubnet(IpFamily family) {
    return serviceSubnets.stream().filter(c -> c.family() == family).findFirst();
  }

  /** The pod subnet of {@code family}, if the cluster has one. */
  public Optional<Cidr> podSubnet(IpFamily family) {
    return podSubnets.stream().filter(c -> c.family() == family).findFirst();
  }

  public ClusterNetwork withPodSubnets(List<Cidr> subnets) {
    return new ClusterNetwork(subnets, serviceSubnets, dnsDomain, nodePortBase, nodePortLast);
  }

  public ClusterNetwork withServiceSubnets(List<Cidr> subnets) {
    return new ClusterNetwork(podSubnets, subnets, dnsDomain, nodePortBase, nodePortLast);
  }

  public ClusterNetwork withDnsDomain(String domain) {
    return new ClusterNetwork(podSubnets, serviceSubnets, domain, nodePortBase, nodePortLast);
  }

  public ClusterNetwork withNodePortRange(int base, int last) {
    return new ClusterNetwork(podSubnets, serviceSubnets, dnsDomain, base, last);
  }
}
