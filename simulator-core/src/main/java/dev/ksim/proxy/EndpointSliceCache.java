package dev.ksim.proxy;

import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.net.IpPort;
import dev.ksim.net.Protocol;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The endpoints of each Service port, merged from the Service's EndpointSlices as kube-proxy merges
 * them: one endpoint per {@code ip:port} (the first seen, replaced by a non-terminating duplicate),
 * sorted as strings.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/master/pkg/proxy/endpointslicecache.go">endpointslicecache.go</a>
 */
public final class EndpointSliceCache {
  private EndpointSliceCache() {}

  /** The endpoints of every port of one Service, for one family, seen from {@code nodeName}. */
  public static Map<ServicePortName, List<EndpointInfo>> endpoints(
      String namespace,
      String service,
      List<EndpointSlice> slices,
      IpFamily family,
      String nodeName) {
    Map<ServicePortName, Map<String, EndpointInfo>> byPort = new LinkedHashMap<>();
    for (EndpointSlice slice : slices) {
      if (!family.token().equals(slice.getAddressType())) {
        continue;
      }
      for (EndpointPort port : slice.getPorts()) {
        if (port.getPort() == null) {
          continue;
        }
        Protocol protocol =
            Protocol.tryParse(port.getProtocol() == null ? "TCP" : port.getProtocol())
                .orElse(Protocol.TCP);
        ServicePortName name =
            new ServicePortName(
                namespace, service, port.getName() == null ? "" : port.getName(), protocol);
        Map<String, EndpointInfo> endpoints =
            byPort.computeIfAbsent(name, n -> new LinkedHashMap<>());
        for (Endpoint endpoint : slice.getEndpoints()) {
          if (endpoint.getAddresses().isEmpty()) {
            continue;
          }
          Optional<IpAddress> ip = IpAddress.tryParse(endpoint.getAddresses().get(0));
          if (ip.isEmpty()) {
            continue;
          }
          var conditions = endpoint.getConditions();
          boolean ready =
              conditions == null || conditions.getReady() == null || conditions.getReady();
          boolean serving =
              conditions == null || conditions.getServing() == null || conditions.getServing();
          boolean terminating =
              conditions != null && Boolean.TRUE.equals(conditions.getTerminating());
          EndpointInfo info =
              new EndpointInfo(
                  new IpPort(ip.get(), port.getPort()),
                  ready,
                  serving,
                  terminating,
                  nodeName.equals(endpoint.getNodeName()));
          EndpointInfo existing = endpoints.get(info.toString());
          if (existing == null || (existing.terminating() && !info.terminating())) {
            endpoints.put(info.toString(), info);
          }
        }
      }
    }
    Map<ServicePortName, List<EndpointInfo>> result = new LinkedHashMap<>();
    byPort.forEach(
        (name, endpoints) -> {
          List<EndpointInfo> sorted = new ArrayList<>(endpoints.values());
          sorted.sort(Comparator.comparing(EndpointInfo::toString));
          result.put(name, sorted);
        });
    return result;
  }
}
