package dev.ksim.proxy;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.Interner;
import com.google.common.collect.Interners;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpPort;
import dev.ksim.net.Protocol;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One Service's EndpointSlices (of one family) as a proxier has heard of them, in slice name order,
 * and the endpoints of each of its ports merged from them as kube-proxy merges them: one endpoint
 * per {@code ip:port} (the first seen in slice name order, replaced by a non-terminating
 * duplicate), sorted as strings.
 *
 * <p>Immutable and interned by content: the Service and the very slice objects the API store handed
 * out (never changed, by the store's contract), compared by identity. The proxiers of every node
 * that heard of the same slices hold one instance, and the merge is worked out once per instance:
 * whether an endpoint is on the node is all the merge takes of the node, so every node that has
 * none of the endpoints shares one result, and each node that has some gets its own, which shares
 * the other endpoints with it.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/proxy/endpointslicecache.go">endpointslicecache.go
 *     getEndpointsMap, addEndpoints</a>
 */
final class ServiceSlices {
  private static final Interner<ServiceSlices> SHARED = Interners.newWeakInterner();

  private final NamespacedName service;
  private final String[] names;
  private final EndpointSlice[] slices;
  private final int hash;

  /** The merge as seen from a node with none of the endpoints; made on first use. */
  private @Nullable Merged merged;

  /** The merge as seen from each node that has some of the endpoints; made on first use. */
  private final Map<String, Map<ServicePortName, List<EndpointInfo>>> byLocalNode = new HashMap<>();

  private ServiceSlices(NamespacedName service, String[] names, EndpointSlice[] slices) {
    this.service = service;
    this.names = names;
    this.slices = slices;
    int h = service.hashCode();
    for (int i = 0; i < slices.length; i++) {
      h = 31 * (31 * h + names[i].hashCode()) + System.identityHashCode(slices[i]);
    }
    this.hash = h;
  }

  /** {@code current} (null for none) with {@code slice} added or replacing the one of its name. */
  static ServiceSlices with(
      NamespacedName service, @Nullable ServiceSlices current, EndpointSlice slice) {
    String name = slice.getMetadata().getName();
    String[] names = current == null ? new String[0] : current.names;
    EndpointSlice[] slices = current == null ? new EndpointSlice[0] : current.slices;
    int at = Arrays.binarySearch(names, name);
    String[] newNames;
    EndpointSlice[] newSlices;
    if (at >= 0) {
      newNames = names;
      newSlices = slices.clone();
      newSlices[at] = slice;
    } else {
      int insert = -at - 1;
      newNames = new String[names.length + 1];
      newSlices = new EndpointSlice[slices.length + 1];
      System.arraycopy(names, 0, newNames, 0, insert);
      System.arraycopy(slices, 0, newSlices, 0, insert);
      newNames[insert] = name;
      newSlices[insert] = slice;
      System.arraycopy(names, insert, newNames, insert + 1, names.length - insert);
      System.arraycopy(slices, insert, newSlices, insert + 1, slices.length - insert);
    }
    return SHARED.intern(new ServiceSlices(service, newNames, newSlices));
  }

  /** These slices without the one named {@code name}; empty when it was the last. */
  Optional<ServiceSlices> without(String name) {
    int at = Arrays.binarySearch(names, name);
    if (at < 0) {
      return Optional.of(this);
    }
    if (names.length == 1) {
      return Optional.empty();
    }
    String[] newNames = new String[names.length - 1];
    EndpointSlice[] newSlices = new EndpointSlice[slices.length - 1];
    System.arraycopy(names, 0, newNames, 0, at);
    System.arraycopy(slices, 0, newSlices, 0, at);
    System.arraycopy(names, at + 1, newNames, at, names.length - at - 1);
    System.arraycopy(slices, at + 1, newSlices, at, slices.length - at - 1);
    return Optional.of(SHARED.intern(new ServiceSlices(service, newNames, newSlices)));
  }

  /** The endpoints of every port of the Service, seen from the node named {@code nodeName}. */
  synchronized Map<ServicePortName, List<EndpointInfo>> endpoints(String nodeName) {
    Merged all = merged();
    if (!all.nodes().contains(nodeName)) {
      return all.remote();
    }
    return byLocalNode.computeIfAbsent(nodeName, all::seenFrom);
  }

  /** The endpoints of every port of the Service, seen from a node that has none of them. */
  synchronized Map<ServicePortName, List<EndpointInfo>> remote() {
    return merged().remote();
  }

  private Merged merged() {
    Merged all = merged;
    if (all == null) {
      all = merge();
      merged = all;
    }
    return all;
  }

  /**
   * The merge, as seen from no node (no endpoint local), with the node of each endpoint kept beside
   * it.
   */
  private Merged merge() {
    Map<ServicePortName, Map<String, Candidate>> byPort = new LinkedHashMap<>();
    for (EndpointSlice slice : slices) {
      for (EndpointPort port : slice.getPorts()) {
        if (port.getPort() == null) {
          continue;
        }
        Protocol protocol =
            Protocol.tryParse(port.getProtocol() == null ? "TCP" : port.getProtocol())
                .orElse(Protocol.TCP);
        ServicePortName name =
            new ServicePortName(
                service.namespace(),
                service.name(),
                port.getName() == null ? "" : port.getName(),
                protocol);
        // keyed and so ordered by the endpoint's text, the order kube-proxy sorts endpoints in
        Map<String, Candidate> endpoints = byPort.computeIfAbsent(name, n -> new TreeMap<>());
        for (Endpoint endpoint : slice.getEndpoints()) {
          Candidate c = candidate(endpoint, port.getPort());
          if (c != null) {
            String key = c.info().toString();
            Candidate existing = endpoints.get(key);
            if (existing == null || (existing.info().terminating() && !c.info().terminating())) {
              endpoints.put(key, c);
            }
          }
        }
      }
    }
    ImmutableMap.Builder<ServicePortName, List<Candidate>> ports = ImmutableMap.builder();
    ImmutableSet.Builder<String> nodes = ImmutableSet.builder();
    for (Map.Entry<ServicePortName, Map<String, Candidate>> port : byPort.entrySet()) {
      ports.put(port.getKey(), ImmutableList.copyOf(port.getValue().values()));
      for (Candidate c : port.getValue().values()) {
        if (c.nodeName() != null) {
          nodes.add(c.nodeName());
        }
      }
    }
    return new Merged(ports.buildOrThrow(), nodes.build());
  }

  /**
   * One endpoint as kube-proxy sees it (upstream's {@code newBaseEndpointInfo}): its first address,
   * a missing ready or serving condition counted as true, a missing terminating as false; not
   * local, the node it is on kept beside it.
   */
  private static @Nullable Candidate candidate(Endpoint endpoint, int port) {
    if (endpoint.getAddresses().isEmpty()) {
      return null;
    }
    var conditions = endpoint.getConditions();
    boolean ready = conditions == null || conditions.getReady() == null || conditions.getReady();
    boolean serving =
        conditions == null || conditions.getServing() == null || conditions.getServing();
    boolean terminating = conditions != null && Boolean.TRUE.equals(conditions.getTerminating());
    IpAddress ip = IpAddress.tryParse(endpoint.getAddresses().get(0)).orElse(null);
    return ip == null
        ? null
        : new Candidate(
            new EndpointInfo(new IpPort(ip, port), ready, serving, terminating, false),
            endpoint.getNodeName());
  }

  /** A merged endpoint, not local, and the node it is on (null when the slice names none). */
  private record Candidate(EndpointInfo info, @Nullable String nodeName) {}

  /**
   * The merge: the endpoints of each port with their nodes, every node some endpoint is on, and the
   * endpoints as a node with none of them sees them.
   */
  private record Merged(
      Map<ServicePortName, List<Candidate>> ports,
      ImmutableSet<String> nodes,
      Map<ServicePortName, List<EndpointInfo>> remote) {
    Merged(Map<ServicePortName, List<Candidate>> ports, ImmutableSet<String> nodes) {
      this(ports, nodes, seenFrom(ports, null));
    }

    /** The endpoints as the node named {@code nodeName} sees them. */
    Map<ServicePortName, List<EndpointInfo>> seenFrom(String nodeName) {
      return seenFrom(ports, nodeName);
    }

    private static Map<ServicePortName, List<EndpointInfo>> seenFrom(
        Map<ServicePortName, List<Candidate>> ports, @Nullable String nodeName) {
      ImmutableMap.Builder<ServicePortName, List<EndpointInfo>> result = ImmutableMap.builder();
      for (Map.Entry<ServicePortName, List<Candidate>> port : ports.entrySet()) {
        List<Candidate> candidates = port.getValue();
        EndpointInfo[] seen = new EndpointInfo[candidates.size()];
        for (int i = 0; i < seen.length; i++) {
          Candidate c = candidates.get(i);
          seen[i] =
              nodeName != null && nodeName.equals(c.nodeName()) ? c.info().onNode() : c.info();
        }
        result.put(port.getKey(), ImmutableList.copyOf(seen));
      }
      return result.buildOrThrow();
    }
  }

  @Override
  @SuppressWarnings("ReferenceEquality") // the same slices are the same objects of the store
  public boolean equals(@Nullable Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ServiceSlices other)
        || hash != other.hash
        || !service.equals(other.service)
        || !Arrays.equals(names, other.names)) {
      return false;
    }
    for (int i = 0; i < slices.length; i++) {
      if (slices[i] != other.slices[i]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return hash;
  }
}
