package dev.ksim.proxy;

import dev.ksim.net.Cidr;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.net.Protocol;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a Service into the ports kube-proxy programs for one family, skipping what it skips:
 * ExternalName and headless Services, and Services without a ClusterIP of the family.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/master/pkg/proxy/serviceport.go">serviceport.go
 *     newBaseServiceInfo</a>
 */
public final class ServicePorts {
  private ServicePorts() {}

  public static List<ServicePortInfo> of(Service service, IpFamily family) {
    ServiceSpec spec = service.getSpec();
    List<ServicePortInfo> result = new ArrayList<>();
    if ("ExternalName".equals(spec.getType())) {
      return result;
    }
    IpAddress clusterIp = null;
    for (String text : spec.getClusterIPs()) {
      IpAddress ip = IpAddress.tryParse(text).orElse(null);
      if (ip != null && ip.family() == family) {
        clusterIp = ip;
        break;
      }
    }
    if (clusterIp == null) {
      return result;
    }
    List<IpAddress> externalIps = addresses(spec.getExternalIPs(), family);
    List<IpAddress> lbIps = new ArrayList<>();
    if (service.getStatus() != null && service.getStatus().getLoadBalancer() != null) {
      for (LoadBalancerIngress ingress : service.getStatus().getLoadBalancer().getIngress()) {
        if (ingress.getIp() != null && !"Proxy".equals(ingress.getIpMode())) {
          IpAddress.tryParse(ingress.getIp())
              .filter(a -> a.family() == family)
              .ifPresent(lbIps::add);
        }
      }
    }
    if (!"LoadBalancer".equals(spec.getType())) {
      lbIps.clear();
    }
    List<Cidr> ranges = new ArrayList<>();
    for (String range : spec.getLoadBalancerSourceRanges()) {
      Cidr.tryParse(range.strip()).filter(c -> c.family() == family).ifPresent(ranges::add);
    }
    boolean externallyReachable =
        "NodePort".equals(spec.getType())
            || "LoadBalancer".equals(spec.getType())
            || !spec.getExternalIPs().isEmpty();
    boolean externalLocal = externallyReachable && "Local".equals(spec.getExternalTrafficPolicy());
    boolean internalLocal = "Local".equals(spec.getInternalTrafficPolicy());
    int sticky =
        "ClientIP".equals(spec.getSessionAffinity())
                && spec.getSessionAffinityConfig() != null
                && spec.getSessionAffinityConfig().getClientIP() != null
                && spec.getSessionAffinityConfig().getClientIP().getTimeoutSeconds() != null
            ? spec.getSessionAffinityConfig().getClientIP().getTimeoutSeconds()
            : "ClientIP".equals(spec.getSessionAffinity()) ? 10800 : 0;
    int healthCheck =
        "LoadBalancer".equals(spec.getType())
                && "Local".equals(spec.getExternalTrafficPolicy())
                && spec.getHealthCheckNodePort() != null
            ? spec.getHealthCheckNodePort()
            : 0;
    for (ServicePort port : spec.getPorts()) {
      Protocol protocol =
          Protocol.tryParse(port.getProtocol() == null ? "TCP" : port.getProtocol())
              .orElse(Protocol.TCP);
      ServicePortName name =
          new ServicePortName(
              service.getMetadata().getNamespace(),
              service.getMetadata().getName(),
              port.getName() == null ? "" : port.getName(),
              protocol);
      result.add(
          new ServicePortInfo(
              name,
              clusterIp,
              port.getPort(),
              port.getNodePort() == null ? 0 : port.getNodePort(),
              externalIps,
              lbIps,
              ranges,
              sticky,
              internalLocal,
              externalLocal,
              healthCheck));
    }
    return result;
  }

  private static List<IpAddress> addresses(List<String> texts, IpFamily family) {
    List<IpAddress> result = new ArrayList<>();
    for (String text : texts) {
      IpAddress.tryParse(text.strip()).filter(a -> a.family() == family).ifPresent(result::add);
    }
    return result;
  }
}
