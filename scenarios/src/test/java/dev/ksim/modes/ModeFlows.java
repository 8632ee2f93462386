package dev.ksim.modes;

import dev.ksim.apiserver.ResourceType;
import dev.ksim.cluster.Cluster;
import dev.ksim.controller.endpointslice.EndpointSliceController;
import dev.ksim.modes.ModeFlow.Client;
import dev.ksim.modes.ModeFlow.ServiceView;
import dev.ksim.modes.ModeFlow.Target;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.net.IpPort;
import dev.ksim.net.Protocol;
import dev.ksim.node.NodeNetwork;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The flows of a cluster's Services: for every Service port and every address family it has, a pod
 * on each node, each node's own processes and a backend of the Service (hairpin) to its ClusterIPs,
 * one pod to a ClusterIP port that is no Service port, an outside client, a pod and the node itself
 * to each node's nodePort (and the node to 127.0.0.1:nodePort), and an outside client and a pod to
 * external IPs and load-balancer addresses.
 */
final class ModeFlows {
  /** An outside client: an address in no node's or pod's range (TEST-NET-2). */
  static final String OUTSIDE_V4 = "198.51.100.77";

  static final String OUTSIDE_V6 = "2001:db8:77::77";

  /** A port no Service of the probed clusters uses. */
  static final int OTHER_PORT = 9;

  private final Cluster cluster;
  private final List<Pod> pods;
  private final List<ModeFlow> flows = new ArrayList<>();

  private ModeFlows(Cluster cluster) {
    this.cluster = cluster;
    this.pods =
        cluster.store().<Pod>list(ResourceType.POD).stream()
            .filter(p -> p.getStatus() != null && p.getStatus().getPodIPs() != null)
            .filter(p -> !Boolean.TRUE.equals(p.getSpec().getHostNetwork()))
            .filter(p -> "Running".equals(p.getStatus().getPhase()))
            .toList();
  }

  /** The flows of every Service of {@code cluster} as it is now. */
  static List<ModeFlow> of(Cluster cluster) {
    ModeFlows builder = new ModeFlows(cluster);
    for (Service svc : cluster.store().<Service>list(ResourceType.SERVICE)) {
      if (!"ExternalName".equals(svc.getSpec().getType())) {
        builder.add(svc);
      }
    }
    return builder.flows;
  }

  private void add(Service svc) {
    for (IpFamily family : IpFamily.values()) {
      ServiceView view = view(svc, family);
      List<IpAddress> clusterIps =
          Optional.ofNullable(svc.getSpec().getClusterIPs()).orElse(List.of()).stream()
              .filter(ip -> !"None".equals(ip))
              .map(IpAddress::parse)
              .filter(ip -> ip.family() == family)
              .toList();
      List<ServicePort> ports = Optional.ofNullable(svc.getSpec().getPorts()).orElse(List.of());
      for (ServicePort port : ports) {
        Protocol protocol =
            Protocol.tryParse(Optional.ofNullable(port.getProtocol()).orElse("TCP"))
                .orElse(Protocol.SCTP);
        if (protocol == Protocol.SCTP) {
          continue;
        }
        String label = view.id() + ":" + port.getPort() + "/" + protocol;
        Probe probe = new Probe(label, protocol, view, family);
        for (IpAddress ip : clusterIps) {
          clusterIpFlows(probe, new IpPort(ip, port.getPort()), svc);
        }
        if (port.getNodePort() != null) {
          nodePortFlows(probe, port.getNodePort());
        }
        for (IpAddress ip : externalAddresses(svc, family)) {
          outsideAndPod(probe, Target.EXTERNAL_IP, new IpPort(ip, port.getPort()));
        }
        for (IpAddress ip : loadBalancerAddresses(svc, family)) {
          outsideAndPod(probe, Target.LOAD_BALANCER, new IpPort(ip, port.getPort()));
        }
      }
      if (!ports.isEmpty() && ports.stream().noneMatch(p -> p.getPort() == OTHER_PORT)) {
        Protocol protocol = Protocol.TCP;
        Probe probe = new Probe(view.id() + ":" + OTHER_PORT + "/TCP", protocol, view, family);
        for (IpAddress ip : clusterIps) {
          firstPod(family)
              .ifPresent(
                  pod ->
                      flows.add(
                          probe.from(
                              Client.POD,
                              Target.CLUSTER_IP_OTHER_PORT,
                              "pod " + key(pod),
                              "pod/" + key(pod),
                              null,
                              pod.getSpec().getNodeName(),
                              new IpPort(ip, OTHER_PORT))));
        }
      }
    }
  }

  /** Where a Service port's flows share their label, protocol, Service and family. */
  private record Probe(String label, Protocol protocol, ServiceView view, IpFamily family) {
    ModeFlow from(
        Client client,
        Target target,
        String who,
        String source,
        @Nullable String via,
        String entryNode,
        IpPort destination) {
      return new ModeFlow(
          who + " -> " + target + " " + destination + " (" + label + ")",
          client,
          target,
          source,
          via,
          entryNode,
          destination,
          protocol,
          view);
    }
  }

  private void clusterIpFlows(Probe probe, IpPort vip, Service svc) {
    for (String node : cluster.nodeNetworks().keySet()) {
      clientPod(node, probe.family(), svc)
          .ifPresent(
              pod ->
                  flows.add(
                      probe.from(
                          Client.POD,
                          Target.CLUSTER_IP,
                          "pod " + key(pod),
                          "pod/" + key(pod),
                          null,
                          node,
                          vip)));
      if (hasAddress(node, probe.family())) {
        flows.add(
            probe.from(
                Client.NODE, Target.CLUSTER_IP, "node " + node, "node/" + node, null, node, vip));
      }
    }
    backend(svc, probe.family())
        .ifPresent(
            pod ->
                flows.add(
                    probe.from(
                        Client.HAIRPIN,
                        Target.CLUSTER_IP,
                        "backend " + key(pod),
                        "pod/" + key(pod),
                        null,
                        pod.getSpec().getNodeName(),
                        vip)));
  }

  private void nodePortFlows(Probe probe, int nodePort) {
    for (NodeNetwork node : cluster.nodeNetworks().values()) {
      Optional<IpAddress> address =
          node.addresses().stream()
              .map(a -> a.address())
              .filter(a -> a.family() == probe.family())
              .findFirst();
      if (address.isEmpty()) {
        continue;
      }
      IpPort destination = new IpPort(address.get(), nodePort);
      flows.add(
          probe.from(
              Client.OUTSIDE,
              Target.NODE_PORT,
              "outside",
              outside(probe.family()),
              node.name(),
              node.name(),
              destination));
      flows.add(
          probe.from(
              Client.NODE,
              Target.NODE_PORT,
              "node " + node.name(),
              "node/" + node.name(),
              null,
              node.name(),
              destination));
      if (probe.family() == IpFamily.IPV4) {
        flows.add(
            probe.from(
                Client.NODE,
                Target.NODE_PORT_LOCALHOST,
                "node " + node.name(),
                "node/" + node.name(),
                null,
                node.name(),
                new IpPort(IpAddress.parse("127.0.0.1"), nodePort)));
      }
      firstPod(probe.family())
          .ifPresent(
              pod ->
                  flows.add(
                      probe.from(
                          Client.POD,
                          Target.NODE_PORT,
                          "pod " + key(pod),
                          "pod/" + key(pod),
                          null,
                          node.name(),
                          destination)));
    }
  }

  private void outsideAndPod(Probe probe, Target target, IpPort destination) {
    String entry = cluster.nodeNetworks().keySet().iterator().next();
    flows.add(
        probe.from(
            Client.OUTSIDE,
            target,
            "outside via " + entry,
            outside(probe.family()),
            entry,
            entry,
            destination));
    firstPod(probe.family())
        .ifPresent(
            pod ->
                flows.add(
                    probe.from(
                        Client.POD,
                        target,
                        "pod " + key(pod),
                        "pod/" + key(pod),
                        null,
                        pod.getSpec().getNodeName(),
                        destination)));
  }

  private static String outside(IpFamily family) {
    return family == IpFamily.IPV4 ? OUTSIDE_V4 : OUTSIDE_V6;
  }

  private boolean hasAddress(String node, IpFamily family) {
    return Objects.requireNonNull(cluster.nodeNetworks().get(node)).addresses().stream()
        .anyMatch(a -> a.address().family() == family);
  }

  /** A pod on {@code node} that is no backend of {@code svc}, with an address of the family. */
  private Optional<Pod> clientPod(String node, IpFamily family, Service svc) {
    Set<String> backends = backendNames(svc);
    return pods.stream()
        .filter(p -> node.equals(p.getSpec().getNodeName()))
        .filter(p -> hasFamily(p, family))
        .filter(p -> !backends.contains(key(p)))
        .findFirst();
  }

  private Optional<Pod> firstPod(IpFamily family) {
    return pods.stream().filter(p -> hasFamily(p, family)).findFirst();
  }

  private Optional<Pod> backend(Service svc, IpFamily family) {
    Set<String> backends = backendNames(svc);
    return pods.stream()
        .filter(p -> backends.contains(key(p)))
        .filter(p -> hasFamily(p, family))
        .findFirst();
  }

  private Set<String> backendNames(Service svc) {
    Set<String> names = new TreeSet<>();
    for (EndpointSlice slice : slices(svc)) {
      for (Endpoint endpoint : slice.getEndpoints()) {
        if (endpoint.getTargetRef() != null && "Pod".equals(endpoint.getTargetRef().getKind())) {
          names.add(svc.getMetadata().getNamespace() + "/" + endpoint.getTargetRef().getName());
        }
      }
    }
    return names;
  }

  private static boolean hasFamily(Pod pod, IpFamily family) {
    return pod.getStatus().getPodIPs().stream()
        .map(PodIP::getIp)
        .anyMatch(ip -> IpAddress.parse(ip).family() == family);
  }

  private static String key(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }

  private List<EndpointSlice> slices(Service svc) {
    return cluster
        .store()
        .<EndpointSlice>list(ResourceType.ENDPOINT_SLICE, svc.getMetadata().getNamespace())
        .stream()
        .filter(
            s ->
                svc.getMetadata()
                    .getName()
                    .equals(s.getMetadata().getLabels().get(EndpointSliceController.SERVICE_NAME)))
        .toList();
  }

  private ServiceView view(Service svc, IpFamily family) {
    Set<String> usableOn = new TreeSet<>();
    boolean anyReady = false;
    boolean anyServing = false;
    for (EndpointSlice slice : slices(svc)) {
      if (!slice.getAddressType().equals(family == IpFamily.IPV4 ? "IPv4" : "IPv6")) {
        continue;
      }
      for (Endpoint endpoint : slice.getEndpoints()) {
        EndpointConditions c = endpoint.getConditions();
        boolean ready = c == null || !Boolean.FALSE.equals(c.getReady());
        boolean serving = c == null || !Boolean.FALSE.equals(c.getServing());
        anyReady |= ready;
        anyServing |= serving;
        if (ready || serving) {
          usableOn.add(Optional.ofNullable(endpoint.getNodeName()).orElse(""));
        }
      }
    }
    String type = Optional.ofNullable(svc.getSpec().getType()).orElse("ClusterIP");
    boolean reachableFromOutside =
        type.equals("NodePort")
            || type.equals("LoadBalancer")
            || !externalAddresses(svc, family).isEmpty()
            || !loadBalancerAddresses(svc, family).isEmpty();
    return new ServiceView(
        svc.getMetadata().getNamespace() + "/" + svc.getMetadata().getName(),
        "Local".equals(svc.getSpec().getExternalTrafficPolicy()),
        "Local".equals(svc.getSpec().getInternalTrafficPolicy()),
        reachableFromOutside,
        usableOn,
        anyReady || anyServing);
  }

  private static List<IpAddress> externalAddresses(Service svc, IpFamily family) {
    return Optional.ofNullable(svc.getSpec().getExternalIPs()).orElse(List.of()).stream()
        .map(IpAddress::parse)
        .filter(ip -> ip.family() == family)
        .toList();
  }

  private static List<IpAddress> loadBalancerAddresses(Service svc, IpFamily family) {
    if (svc.getStatus() == null || svc.getStatus().getLoadBalancer() == null) {
      return List.of();
    }
    return Optional.ofNullable(svc.getStatus().getLoadBalancer().getIngress())
        .orElse(List.of())
        .stream()
        .map(LoadBalancerIngress::getIp)
        .filter(Objects::nonNull)
        .map(IpAddress::parse)
        .filter(ip -> ip.family() == family)
        .toList();
  }
}
