package dev.ksim.scaling;

import dev.ksim.ipvs.Destination;
import dev.ksim.ipvs.Ipvs;
import dev.ksim.ipvs.IpvsSysctls;
import dev.ksim.ipvs.ServiceFlags;
import dev.ksim.ipvs.ServiceKey;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.net.IpPort;
import dev.ksim.net.Packet;
import dev.ksim.net.Protocol;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.netfilter.hook.Hook;
import dev.ksim.netfilter.hook.HookResult;
import java.util.SplittableRandom;

/**
 * A {@link ServiceWorkload} as IPVS holds it, programmed straight into the ipvs-model kernel
 * library (no kube-proxy): one virtual service per Service at its cluster IP:80, round robin, with
 * the Service's endpoints as masqueraded real servers, as kube-proxy's ipvs mode sets them up. A
 * packet's virtual service is found in the model's hash table ({@code ip_vs_service_find}), its
 * connection in the connection table ({@code ip_vs_conn_in_get}).
 */
public final class IpvsTable {
  private static final IpAddress CLIENT = IpAddress.parse("10.244.1.200");

  private final long[] now = {0};
  private final Ipvs ipvs;
  private int clientPort = 40_000;

  /** Builds the virtual services of {@code workload}. */
  public IpvsTable(ServiceWorkload workload) {
    SplittableRandom random = new SplittableRandom(1);
    ipvs = new Ipvs(random::nextInt, () -> now[0]);
    for (int i = 0; i < workload.services(); i++) {
      ServiceKey key = ServiceKey.of(Protocol.TCP, new IpPort(ServiceWorkload.clusterIp(i), 80));
      ipvs.addService(key, "rr", ServiceFlags.none(IpFamily.IPV4));
      for (int e = 0; e < workload.endpoints(); e++) {
        ipvs.addDestination(key, Destination.masq(new IpPort(workload.endpointIp(i, e), 8080)));
      }
    }
  }

  /** The first packet (SYN) of a new connection from a pod to the index-th Service. */
  public Packet firstPacket(int index) {
    return Packet.first(
        Protocol.TCP, new IpPort(CLIENT, 40_000), new IpPort(ServiceWorkload.clusterIp(index), 80));
  }

  /**
   * Sends a first packet as IPVS meets it at LOCAL_IN. The clock then moves on past the SYN_RECV
   * timeout, so the connection it made expires and the next first packet is new again.
   */
  public HookResult sendFirst(Packet packet) {
    HookResult result = send(packet);
    now[0] += 61_000;
    return result;
  }

  /** A packet of a connection IPVS already holds to the index-th Service (a new one each call). */
  public Packet establishedPacket(int index) {
    Packet first = firstPacket(index).withSource(CLIENT, ++clientPort);
    send(first);
    return first.withTcpFlags(Packet.ACK);
  }

  /** Sends a packet as IPVS meets it at LOCAL_IN. */
  public HookResult send(Packet packet) {
    return ipvs.request(Hook.INPUT, packet, IpvsSysctls.DEFAULTS, a -> false, Recording.NONE);
  }

  /**
   * The lookups {@code ip_vs_in} makes for a packet, read from what the model did: every packet
   * looks up the connection table; one that made a new connection also looked up the virtual
   * service table (a hash of protocol, address and port).
   */
  public CountedWork count(Packet packet) {
    int before = ipvs.connections().size();
    send(packet);
    boolean scheduled = ipvs.connections().size() > before;
    now[0] += 61_000;
    return new CountedWork(0, scheduled ? 1 : 0, 1);
  }

  /** The virtual services held. */
  public int services() {
    return ipvs.services().size();
  }
}
