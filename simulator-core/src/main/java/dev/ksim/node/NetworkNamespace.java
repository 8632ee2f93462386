package dev.ksim.node;

import dev.ksim.net.InterfaceAddress;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.netfilter.Netfilter;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.netfilter.host.Host;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * One network namespace, a node's own or a pod's sandbox: its kernel (netfilter and conntrack), the
 * addresses of its interfaces (held by the kernel), its routing table, its neighbours on the pods'
 * bridge (a pod's address and the namespace at the other end of its veth), its client sockets'
 * ports, and, for a pod, the pod whose containers listen in it. kubelet and the CNI plugin create
 * and change it; the data path only looks things up in it.
 */
public final class NetworkNamespace {
  private final String node;
  private final NetnsName name;
  private final Netfilter kernel;
  private final RoutingTable routes = new RoutingTable();
  private final Map<IpAddress, NetworkNamespace> bridgeNeighbours = new TreeMap<>();
  private final EphemeralPorts ports;
  private final @Nullable Pod pod;
  private final List<String> addedLinks = new ArrayList<>();
  private final Set<String> downLinks = new TreeSet<>();

  /** The host view last asked for: a field, as the data path asks for it at every crossing. */
  private @Nullable HostView hostView;

  /** A host view, the routing table's list it was made with, and what it records. */
  private record HostView(List<Route> routes, Recording recording, Host host) {}

  /**
   * @param node the node it is on
   * @param name which namespace on that node
   * @param kernel its kernel
   * @param ports its client sockets' ports
   * @param pod the pod whose sandbox it is (its containers' sockets), or null for the host
   */
  public NetworkNamespace(
      String node, NetnsName name, Netfilter kernel, EphemeralPorts ports, @Nullable Pod pod) {
    this.node = node;
    this.name = name;
    this.kernel = kernel;
    this.ports = ports;
    this.pod = pod;
  }

  public String node() {
    return node;
  }

  public NetnsName name() {
    return name;
  }

  public Netfilter kernel() {
    return kernel;
  }

  public RoutingTable routes() {
    return routes;
  }

  /**
   * This namespace's kernel and routes as a {@link Host} that records {@code recording}: made once
   * and kept while the routing table hands out the same list (it makes a new one when it changes).
   */
  @SuppressWarnings("ReferenceEquality") // the routing table's list is replaced when it changes
  public Host host(Recording recording) {
    List<Route> current = routes.routes();
    HostView known = hostView;
    if (known != null && known.routes() == current && known.recording() == recording) {
      return known.host();
    }
    List<Host.Route> hostRoutes = new ArrayList<>(current.size());
    for (Route route : current) {
      hostRoutes.add(new Host.Route(route.prefix(), route.device()));
    }
    Host host = Host.of(kernel, recording, hostRoutes);
    hostView = new HostView(current, recording, host);
    return host;
  }

  public EphemeralPorts ports() {
    return ports;
  }

  /** The pod whose sandbox this is; empty for a node's own namespace. */
  public Optional<Pod> pod() {
    return Optional.ofNullable(pod);
  }

  /** Adds {@code address} to {@code device} ({@code ip address add}). */
  public void addAddress(String device, InterfaceAddress address) {
    kernel.addAddress(device, address);
  }

  /**
   * Removes {@code address} from {@code device} ({@code ip address del}).
   *
   * @return whether the device had it
   */
  public boolean removeAddress(String device, IpAddress address) {
    return kernel.removeAddress(device, address);
  }

  /** Creates a link with no address ({@code ip link add NAME type dummy}); it starts down. */
  public void addLink(String device) {
    addedLinks.add(device);
    downLinks.add(device);
  }

  /** The links created with {@link #addLink}, in order. */
  public List<String> addedLinks() {
    return List.copyOf(addedLinks);
  }

  /** Sets {@code device} up or down ({@code ip link set DEV up|down}). */
  public void setUp(String device, boolean up) {
    kernel.setUp(device, up);
    if (up) {
      downLinks.remove(device);
    } else {
      downLinks.add(device);
    }
  }

  /** Whether {@code device} is administratively up. */
  public boolean isUp(String device) {
    return !downLinks.contains(device) && kernel.isUp(device);
  }

  /** The addresses on the bridge and the namespaces at the other ends of their veths. */
  public Map<IpAddress, NetworkNamespace> bridgeNeighbours() {
    return Collections.unmodifiableMap(bridgeNeighbours);
  }

  /** The addresses of {@code device}, in the order they were added. */
  public List<InterfaceAddress> addresses(String device) {
    return List.copyOf(kernel.interfaces().getOrDefault(device, List.of()));
  }

  /** Every address of every interface. */
  public List<InterfaceAddress> allAddresses() {
    List<InterfaceAddress> all = new ArrayList<>();
    kernel.interfaces().values().forEach(all::addAll);
    return all;
  }

  /**
   * The source address this namespace's kernel gives a packet that leaves by {@code route} from a
   * socket bound to no address: for a route on the link, the device's address inside the route's
   * prefix (the {@code src} of the route the kernel made for that address); else the device's first
   * address of the family; else the first address of the family on another interface, not a
   * loopback one.
   *
   * @see <a
   *     href="https://github.com/torvalds/linux/blob/v6.12/net/ipv4/devinet.c">net/ipv4/devinet.c
   *     (inet_select_addr: the outgoing device's primary address first, then the other
   *     interfaces')</a>
   */
  public Optional<IpAddress> sourceAddress(Route route, IpFamily family) {
    return connectedSource(route)
        .filter(a -> a.family() == family)
        .or(
            () ->
                addresses(route.device()).stream()
                    .map(InterfaceAddress::address)
                    .filter(a -> a.family() == family)
                    .findFirst())
        .or(
            () ->
                allAddresses().stream()
                    .map(InterfaceAddress::address)
                    .filter(a -> a.family() == family && !a.isLoopback())
                    .findFirst());
  }

  /**
   * For a route on the link that is not a default route: the device's first address inside the
   * route's prefix, the {@code src} the kernel writes on the route it made for that address ({@code
   * proto kernel scope link src ADDR}).
   */
  public Optional<IpAddress> connectedSource(Route route) {
    if (route.via() != null || route.prefix().prefixLength() == 0) {
      return Optional.empty();
    }
    return addresses(route.device()).stream()
        .map(InterfaceAddress::address)
        .filter(route.prefix()::contains)
        .findFirst();
  }

  /** Whether {@code address} is on {@code device}. */
  public boolean has(String device, IpAddress address) {
    return addresses(device).stream().anyMatch(a -> a.address().equals(address));
  }

  /** Attaches {@code peer}'s veth with {@code address} to this namespace's bridge. */
  public void attach(IpAddress address, NetworkNamespace peer) {
    bridgeNeighbours.put(address, peer);
  }

  /** Detaches whatever has {@code address} on the bridge. */
  public void detach(IpAddress address) {
    bridgeNeighbours.remove(address);
  }

  /** The namespace at the other end of the bridge port that has {@code address}, if any. */
  public Optional<NetworkNamespace> bridgeNeighbour(IpAddress address) {
    return Optional.ofNullable(bridgeNeighbours.get(address));
  }

  /** Forgets connections: conntrack, {@code recent} lists and client sockets. */
  public void resetState() {
    kernel.resetState();
    ports.reset();
  }

  @Override
  public String toString() {
    return node + " " + name;
  }
}
