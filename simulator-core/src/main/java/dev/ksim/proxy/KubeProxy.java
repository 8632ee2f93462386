package dev.ksim.proxy;

import dev.ksim.apiserver.ApiStore;
import dev.ksim.apiserver.ResourceEventHandler;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.net.Cidr;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.netfilter.Netfilter;
import dev.ksim.node.NodeNetwork;
import dev.ksim.sim.SimClock;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * kube-proxy on one node, whatever its mode: it reads its configuration from the {@code
 * kube-system/kube-proxy} ConfigMap when its pod starts, removes the leftovers of the modes it does
 * not run (upstream's {@code platformCleanup}), watches Services, EndpointSlices and its Node and
 * hands every event to its proxiers (one per IP family the node has, as upstream's dual-stack
 * meta-proxier), and paces their syncs: after a change it waits out {@code minSyncPeriod}
 * (coalescing the changes in between, as upstream's bounded-frequency runner does) and asks each
 * proxier to sync what changed. The first sync after a start is a full one, preceded by the mode's
 * bootstrap of the node.
 *
 * <p>It lives as long as its pod's container: when that stops, it stops syncing and the node keeps
 * the rules it wrote until the next kube-proxy's first sync replaces or removes them.
 *
 * <p>The periodic full resync runs as a background chore of the event loop: it happens as simulated
 * time passes but does not keep the cluster from being quiet. Its period is the mode's: {@code
 * syncPeriod} in ipvs mode, whose every sync is a full one; an hour (upstream's {@code
 * FullSyncPeriod}) in iptables and nftables modes, whose runner upstream gives that hour as its
 * longest interval and whose {@code syncPeriod} only paces retries after a failed sync and, in
 * iptables mode, the check that the canary chains are still there (neither modelled: a restore here
 * does not fail, and nothing but a user deletes the canaries).
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/cmd/kube-proxy/app/server.go">cmd/kube-proxy/app/server.go</a>
 */
public final class KubeProxy {
  /** The taint the cluster autoscaler puts on a node it is about to delete. */
  private static final String TO_BE_DELETED_TAINT = "ToBeDeletedByClusterAutoscaler";

  private final ApiStore store;
  private final NodeNetwork node;
  private final ProxierRegistry modes;

  private final KubeProxyConfiguration config;

  /** One proxier per IP family the node has, IPv4 first. */
  private final List<Cidr> serviceCidrs;

  private final Map<IpFamily, Proxier> proxiers = new EnumMap<>(IpFamily.class);

  private @Nullable ProxyMode bootstrapped;
  private long resyncGeneration;
  private boolean pending;
  private long syncs;
  private long lastSyncMillis;
  private int lastRuleCount;
  private boolean stopped;
  private final List<ProxyMode> cleaned;
  private final ProxyMetrics metrics;
  private final KubeProxyServers servers;
  private final Instant started;

  /** When the oldest change not yet synced arrived (upstream's oldestPendingQueued), or -1. */
  private long oldestQueuedMillis = -1;

  private boolean nodeEligible = true;

  /**
   * Starts kube-proxy on {@code node} with {@code config}: removes the other modes' leftovers,
   * starts the proxiers and asks for the first sync.
   *
   * @throws IllegalStateException when {@code modes} lacks the configured mode (check with {@link
   *     ProxierRegistry#find} first)
   */
  public KubeProxy(
      ApiStore store,
      NodeNetwork node,
      List<Cidr> serviceCidrs,
      ProxierRegistry modes,
      KubeProxyConfiguration config) {
    this.store = store;
    this.serviceCidrs = List.copyOf(serviceCidrs);
    this.node = node;
    this.modes = modes;
    this.config = config;
    this.cleaned = modes.platformCleanup(config.mode(), node);
    this.metrics = new ProxyMetrics(config.mode());
    this.started = store.loop().clock().now();
    this.servers = new KubeProxyServers(config, metrics, health());
    startProxiers();
    store.watch(ResourceType.SERVICE, handler(this::serviceEvent, metrics::serviceChanged));
    store.watch(
        ResourceType.ENDPOINT_SLICE, handler(this::endpointSliceEvent, metrics::endpointsChanged));
    store.watch(ResourceType.NODE, nodeHandler());
    requestSync();
  }

  /**
   * How long after a sync iptables and nftables modes run a full one when nothing asked for a sync
   * before (upstream's {@code proxyutil.FullSyncPeriod}, the longest interval of their runners).
   *
   * @see <a
   *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/proxy/util/utils.go">pkg/proxy/util/utils.go
   *     FullSyncPeriod</a>
   */
  static final Duration FULL_SYNC_PERIOD = Duration.ofHours(1);

  /** A proxier's handler call for one watch event: (old or null, new or null). */
  private interface Event<T> {
    void deliver(Proxier proxier, @Nullable T old, @Nullable T object);
  }

  /** Hands every event to the proxiers, counts it ({@code counted}), then asks for a sync. */
  private <T extends HasMetadata> ResourceEventHandler<T> handler(
      Event<T> event, Runnable counted) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T object) {
        each(p -> event.deliver(p, null, object));
      }

      @Override
      public void onUpdate(T old, T object) {
        each(p -> event.deliver(p, old, object));
      }

      @Override
      public void onDelete(T object) {
        each(p -> event.deliver(p, object, null));
      }

      private void each(Consumer<Proxier> call) {
        if (!stopped) {
          proxiers.values().forEach(call);
          counted.run();
          if (oldestQueuedMillis < 0) {
            oldestQueuedMillis = store.loop().clock().nowMillis();
          }
          requestSync();
        }
      }
    };
  }

  private void serviceEvent(Proxier proxier, @Nullable Service old, @Nullable Service service) {
    if (old == null && service != null) {
      proxier.onServiceAdd(service);
    } else if (old != null && service != null) {
      proxier.onServiceUpdate(old, service);
    } else if (old != null) {
      proxier.onServiceDelete(old);
    }
  }

  private void endpointSliceEvent(
      Proxier proxier, @Nullable EndpointSlice old, @Nullable EndpointSlice slice) {
    if (old == null && slice != null) {
      proxier.onEndpointSliceAdd(slice);
    } else if (old != null && slice != null) {
      proxier.onEndpointSliceUpdate(old, slice);
    } else if (old != null) {
      proxier.onEndpointSliceDelete(old);
    }
  }

  /** The events of this kube-proxy's own Node (upstream's node informer watches only its node). */
  private ResourceEventHandler<Node> nodeHandler() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(Node object) {
        if (isOwn(object)) {
          nodeEligible = isEligible(object);
          proxiers.values().forEach(p -> p.onNodeAdd(object));
        }
      }

      @Override
      public void onUpdate(Node old, Node object) {
        if (isOwn(object)) {
          nodeEligible = isEligible(object);
          proxiers.values().forEach(p -> p.onNodeUpdate(old, object));
        }
      }

      @Override
      public void onDelete(Node object) {
        if (isOwn(object)) {
          nodeEligible = false;
          proxiers.values().forEach(p -> p.onNodeDelete(object));
        }
      }

      private boolean isOwn(Node object) {
        return !stopped && node.name().equals(object.getMetadata().getName());
      }
    };
  }

  /**
   * Whether the health server calls {@code node} eligible: not being deleted and not tainted {@code
   * ToBeDeletedByClusterAutoscaler} (upstream's {@code SyncNode}).
   */
  private static boolean isEligible(Node node) {
    boolean deleting = node.getMetadata().getDeletionTimestamp() != null;
    boolean tainted =
        node.getSpec() != null
            && node.getSpec().getTaints() != null
            && node.getSpec().getTaints().stream()
                .anyMatch(t -> TO_BE_DELETED_TAINT.equals(t.getKey()));
    return !deleting && !tainted;
  }

  /** What the health server reads: the start, the last sync, the queue and the node. */
  private KubeProxyServers.Health health() {
    return new KubeProxyServers.Health() {
      @Override
      public Instant started() {
        return started;
      }

      @Override
      public @Nullable Instant lastUpdated() {
        return syncs == 0 ? null : SimClock.EPOCH.plusMillis(lastSyncMillis);
      }

      @Override
      public boolean isHealthy(Instant now) {
        long timeout = 2 * config.modeSyncPeriod().toMillis();
        return oldestQueuedMillis < 0
            || now.toEpochMilli() - SimClock.EPOCH.plusMillis(oldestQueuedMillis).toEpochMilli()
                < timeout;
      }

      @Override
      public boolean isNodeEligible() {
        return nodeEligible;
      }
    };
  }

  /**
   * New proxiers for the configured mode, told of every Service and EndpointSlice in the store, as
   * a starting kube-proxy's informers list them before watching.
   */
  private void startProxiers() {
    ProxierFactory factory = modes.factory(config.mode());
    proxiers.clear();
    for (IpFamily family : families(node)) {
      IpAddress nodeIp =
          node.addresses().stream()
              .map(a -> a.address())
              .filter(a -> a.family() == family)
              .findFirst()
              .orElse(IpAddress.parse(family == IpFamily.IPV4 ? "0.0.0.0" : "::"));
      proxiers.put(
          family,
          factory.create(
              new ProxierContext(
                  config,
                  family,
                  node.name(),
                  node.allAddresses(),
                  nodeIp,
                  node.podCidrs(),
                  serviceCidrs,
                  node.ipvs())));
    }
    List<Service> services = store.list(ResourceType.SERVICE);
    List<EndpointSlice> slices = store.list(ResourceType.ENDPOINT_SLICE);
    for (Proxier proxier : proxiers.values()) {
      services.forEach(proxier::onServiceAdd);
      slices.forEach(proxier::onEndpointSliceAdd);
    }
  }

  /** IPv4, and IPv6 too when the node has an IPv6 address or pod range (a dual-stack node). */
  private static List<IpFamily> families(NodeNetwork node) {
    boolean v6 =
        node.addresses().stream().anyMatch(a -> a.address().family() == IpFamily.IPV6)
            || node.podCidrs().stream().anyMatch(c -> c.family() == IpFamily.IPV6);
    return v6 ? List.of(IpFamily.IPV4, IpFamily.IPV6) : List.of(IpFamily.IPV4);
  }

  /**
   * Schedules a sync as upstream's BoundedFrequencyRunner does: at once, unless the last sync was
   * less than minSyncPeriod ago, then when that period has passed.
   */
  private void requestSync() {
    if (!pending && !stopped) {
      pending = true;
      long now = store.loop().clock().nowMillis();
      metrics.queued(SimClock.EPOCH.toEpochMilli() + now);
      long wait =
          bootstrapped != null
              ? Math.max(0, lastSyncMillis + config.modeMinSyncPeriod().toMillis() - now)
              : 0;
      store
          .loop()
          .schedule(
              Duration.ofMillis(wait),
              "kube-proxy sync on " + node.name(),
              () -> {
                pending = false;
                if (!stopped) {
                  sync(bootstrapped == null);
                }
              });
    }
  }

  /**
   * One sync of every proxier; the first after a start is a full one (preceded by the mode's
   * bootstrap), later ones rewrite only what changed. Each sync schedules the next full one for
   * {@link #resyncPeriod} later, as upstream's runner does, as a background chore: it rewrites the
   * same rules and must not keep the cluster from being quiet.
   */
  private void sync(boolean full) {
    lastSyncMillis = store.loop().clock().nowMillis();
    long generation = ++resyncGeneration;
    store
        .loop()
        .scheduleBackground(
            resyncPeriod(),
            "kube-proxy periodic sync on " + node.name(),
            () -> {
              if (generation == resyncGeneration && !pending && !stopped) {
                sync(true);
              }
            });
    Netfilter kernel = node.kernel();
    if (bootstrapped != config.mode()) {
      proxiers.values().forEach(p -> p.bootstrap(kernel));
      bootstrapped = config.mode();
    }
    int rules = 0;
    for (Proxier proxier : proxiers.values()) {
      rules += proxier.syncProxyRules(kernel, full).rulesWritten();
    }
    lastRuleCount = rules;
    syncs++;
    oldestQueuedMillis = -1;
    metrics.synced(full, rules, SimClock.EPOCH.toEpochMilli() + lastSyncMillis);
  }

  /**
   * The longest time between two syncs, after which the runner syncs fully: ipvs mode's {@code
   * syncPeriod} (its runner's longest interval), iptables and nftables modes' {@link
   * #FULL_SYNC_PERIOD}.
   *
   * @see <a
   *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/proxy/iptables/proxier.go">pkg/proxy/iptables/proxier.go
   *     NewProxier (the sync runner, ipt.Monitor)</a>
   */
  private Duration resyncPeriod() {
    return switch (config.mode()) {
      case IPVS -> config.modeSyncPeriod();
      case IPTABLES, NFTABLES -> FULL_SYNC_PERIOD;
    };
  }

  /**
   * Stops this kube-proxy (its container was killed): no more syncs, no more events. The rules it
   * wrote stay in the kernel, as a stopped kube-proxy leaves them.
   */
  public void stop() {
    stopped = true;
  }

  /** The modes whose leftovers this kube-proxy removed when it started. */
  public List<ProxyMode> cleanedUp() {
    return cleaned;
  }

  /** The configuration this kube-proxy started with. */
  public KubeProxyConfiguration configuration() {
    return config;
  }

  /** The proxier of one family. */
  public Proxier proxier(IpFamily family) {
    Proxier proxier = proxiers.get(family);
    if (proxier == null) {
      throw new IllegalArgumentException("no " + family.token() + " proxier on " + node.name());
    }
    return proxier;
  }

  /** How many syncs have run. */
  public long syncs() {
    return syncs;
  }

  /** kube-proxy's metrics and health servers. */
  public KubeProxyServers servers() {
    return servers;
  }

  /** The number of rules the last sync wrote. */
  public int lastRuleCount() {
    return lastRuleCount;
  }
}
