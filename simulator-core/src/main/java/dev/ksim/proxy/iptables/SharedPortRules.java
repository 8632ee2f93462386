package dev.ksim.proxy.iptables;

import com.google.common.collect.MapMaker;
import dev.ksim.net.IpAddress;
import dev.ksim.proxy.EndpointInfo;
import dev.ksim.proxy.LocalTrafficDetector;
import dev.ksim.proxy.ServicePortInfo;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The rules of Service ports as kube-proxy writes them, generated once per distinct content and
 * shared by every node's proxier that would write the same: on a 100-node cluster the nodes write
 * nearly the same ruleset, and a port's rules differ between nodes only through what {@link Key}
 * holds of the node. The rules are keyed by their whole input, so a node never gets another node's
 * rules unless they are its own too.
 *
 * <p>Entries are held weakly: a port's rules live while some node's proxier still writes them, and
 * go when the last node's content moves on. Shared rules are never changed after they are written.
 */
final class SharedPortRules {
  private static final ConcurrentMap<Key, PortRules> RULES = new MapMaker().weakValues().makeMap();

  private SharedPortRules() {}

  /**
   * What of a node a Service port's rules depend on.
   *
   * @param masqueradeAll kube-proxy's {@code masqueradeAll}
   * @param detector how the node tells pod traffic from other traffic
   * @param localhostNodePorts whether NodePorts are open on 127.0.0.0/8
   * @param firewallNodeIp the node's IP, for a port with loadBalancerSourceRanges (whether a range
   *     holds it decides a rule of its KUBE-FW chain); empty for every other port
   */
  record NodeVariant(
      boolean masqueradeAll,
      LocalTrafficDetector detector,
      boolean localhostNodePorts,
      Optional<IpAddress> firewallNodeIp) {}

  /**
   * A Service port's content on a node: what of the node the rules depend on, the port, and its
   * endpoints; whether each is on the node, only when the port uses the node's own endpoints
   * (otherwise the rules do not depend on it). Its hash is worked out once: a lookup that misses
   * hashes the key twice, and it is deep (the port and every endpoint).
   */
  static final class Key {
    private final NodeVariant node;
    private final ServicePortInfo service;
    private final List<EndpointInfo> endpoints;
    private final int hash;

    private Key(NodeVariant node, ServicePortInfo service, List<EndpointInfo> endpoints) {
      this.node = node;
      this.service = service;
      this.endpoints = endpoints;
      this.hash = Objects.hash(node, service, endpoints);
    }

    static Key of(NodeVariant node, ServicePortInfo service, List<EndpointInfo> endpoints) {
      return new Key(
          node,
          service,
          service.usesLocalEndpoints() || !anyLocal(endpoints)
              ? endpoints
              : endpoints.stream().map(Key::notLocal).toList());
    }

    private static boolean anyLocal(List<EndpointInfo> endpoints) {
      for (EndpointInfo endpoint : endpoints) {
        if (endpoint.local()) {
          return true;
        }
      }
      return false;
    }

    private static EndpointInfo notLocal(EndpointInfo e) {
      return e.local()
          ? new EndpointInfo(e.address(), e.ready(), e.serving(), e.terminating(), false)
          : e;
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return this == o
          || (o instanceof Key other
              && hash == other.hash
              && service.equals(other.service)
              && endpoints.equals(other.endpoints)
              && node.equals(other.node));
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /**
   * One Service port's rules.
   *
   * @param filter its rules in the filter table
   * @param nat its chains and rules in the nat table
   */
  record PortRules(RestoreTable filter, RestoreTable nat) {}

  /**
   * The rules for {@code key}, written by {@code write} unless some node wrote them already. A
   * plain weak map, not a cache, whose loading entries a lookup does not need. Two nodes writing
   * the same rules at once both do; they are equal, and the first stored is kept.
   */
  static PortRules get(Key key, Supplier<PortRules> write) {
    PortRules rules = RULES.get(key);
    if (rules != null) {
      return rules;
    }
    PortRules written = write.get();
    rules = RULES.putIfAbsent(key, written);
    return rules != null ? rules : written;
  }
}
