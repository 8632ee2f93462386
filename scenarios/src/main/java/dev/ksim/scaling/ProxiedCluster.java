package dev.ksim.scaling;

import dev.ksim.apiserver.ResourceType;
import dev.ksim.cluster.Cluster;
import dev.ksim.cluster.ClusterOptions;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.net.IpPort;
import dev.ksim.net.Packet;
import dev.ksim.net.Protocol;
import dev.ksim.netfilter.Netfilter;
import dev.ksim.netfilter.PacketInFlight;
import dev.ksim.netfilter.eval.HookTraversal;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.netfilter.hook.Hook;
import dev.ksim.netfilter.hook.HookVerdict;
import dev.ksim.proxy.KubeProxy;
import dev.ksim.proxy.SyncResult;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A settled cluster of a {@link ServiceWorkload}, seen from one node (k8s-node01) as kube-proxy
 * programmed it: packets from a pod on that node to a Service's cluster IP enter its kernel at
 * PREROUTING, as they do from the pod's veth, and go on to LOCAL_IN when the node routes them to
 * itself (ipvs mode: the cluster IP is an address of kube-ipvs0, and IPVS takes the packet there).
 * That is the path until the packet's Service is resolved to an endpoint in every mode.
 * kube-proxy's syncs can be run again on demand.
 */
public final class ProxiedCluster {
  /** The node whose kernel the packets meet. */
  public static final String NODE = "k8s-node01";

  /** A pod on {@link #NODE}: the client of every packet. */
  private static final IpAddress CLIENT = IpAddress.parse("10.244.1.200");

  /** Client ports of new connections: Linux's default ip_local_port_range. */
  private static final int FIRST_PORT = 32_768;

  private static final int LAST_PORT = 60_999;

  private final ServiceWorkload workload;
  private final Cluster cluster;
  private final Netfilter kernel;
  private final KubeProxy proxy;
  private int clientPort = FIRST_PORT;
  private int clientHost;
  private @Nullable Endpoint removed;

  private ProxiedCluster(ServiceWorkload workload, Cluster cluster) {
    this.workload = workload;
    this.cluster = cluster;
    this.kernel = Objects.requireNonNull(cluster.nodeNetworks().get(NODE)).kernel();
    this.proxy = Objects.requireNonNull(cluster.kubeProxies().get(NODE));
  }

  /** Applies the workload to the default cluster and runs it until kube-proxy has synced. */
  public static ProxiedCluster start(ServiceWorkload workload) {
    return new ProxiedCluster(
        workload, Cluster.start(workload.manifests(), ClusterOptions.DEFAULT));
  }

  public Cluster cluster() {
    return cluster;
  }

  /**
   * The first packet (SYN) of a new connection from the pod to the index-th Service, from a client
   * port no earlier connection used.
   */
  public Packet firstPacket(int index) {
    return newConnection(
        Packet.first(
                Protocol.TCP,
                new IpPort(CLIENT, FIRST_PORT),
                new IpPort(ServiceWorkload.clusterIp(index), 80))
            .withInterfaces("cni0", ""));
  }

  /**
   * A packet of an established connection to the index-th Service: its first packet passes and is
   * confirmed (conntrack keeps it, with its DNAT), then the connection's next packet is returned.
   * Each call opens a connection from a new client port.
   */
  public Packet establishedPacket(int index) {
    Packet first = firstPacket(index);
    PacketInFlight flight = new PacketInFlight(first);
    pass(flight, Recording.NONE);
    kernel.confirm(flight);
    return first.withTcpFlags(Packet.ACK);
  }

  /**
   * Sends one packet through the node until its Service is resolved (PREROUTING, and LOCAL_IN when
   * routed to the node itself); nothing is confirmed.
   */
  public List<HookTraversal> send(Packet packet) {
    return pass(new PacketInFlight(packet), Recording.NONE);
  }

  /**
   * Sends the first packet of another new connection to {@code first}'s Service: from the next
   * client port (and, once the ports run out, the next client address on the node), since IPVS
   * keeps every connection it scheduled (simulated time stands still here) and would take a second
   * packet of the same connection as an established one.
   */
  public List<HookTraversal> sendNew(Packet first) {
    return send(newConnection(first));
  }

  /** The work the node's kernel counted for one packet, read from its recorded passage. */
  public CountedWork count(Packet packet) {
    return CountedWork.of(pass(new PacketInFlight(packet), Recording.MATCHED));
  }

  /** {@code first}, from a client port no earlier connection of this cluster used. */
  private Packet newConnection(Packet first) {
    if (++clientPort > LAST_PORT) {
      clientPort = FIRST_PORT;
      clientHost++;
    }
    return first.withSource(CLIENT.plus(clientHost), clientPort);
  }

  private List<HookTraversal> pass(PacketInFlight flight, Recording recording) {
    HookTraversal prerouting = kernel.hook(Hook.PREROUTING, flight, recording);
    if (prerouting.verdict() != HookVerdict.ACCEPT
        || !kernel.isLocal(flight.packet().destination())) {
      return List.of(prerouting);
    }
    return List.of(prerouting, kernel.hook(Hook.INPUT, flight, recording));
  }

  /**
   * kube-proxy's full sync of the node's IPv4 rules ({@code syncProxyRules} with a full resync).
   */
  public SyncResult fullSync() {
    return proxy.proxier(IpFamily.IPV4).syncProxyRules(kernel, true);
  }

  /**
   * One endpoint of the middle Service goes (or, on the next call, comes back) and the cluster runs
   * until every node's kube-proxy has synced the change.
   */
  public void changeOneEndpoint() {
    String middle = ServiceWorkload.name(workload.services() / 2);
    cluster
        .store()
        .modify(
            ResourceType.ENDPOINT_SLICE,
            "default",
            middle,
            (EndpointSlice slice) -> {
              Endpoint back = removed;
              if (back == null) {
                removed = slice.getEndpoints().remove(0);
              } else {
                slice.getEndpoints().add(0, back);
                removed = null;
              }
            });
    cluster.runUntilQuiet();
  }
}
