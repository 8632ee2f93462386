package dev.ksim.proxy;

import dev.ksim.netfilter.Netfilter;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;

/**
 * One proxy mode's proxier for one IP family on one node (upstream's {@code proxy.Provider}): it
 * hears of Services, EndpointSlices and its own Node through the handlers, keeps what changed in
 * its {@link ServiceChangeTracker} and {@link EndpointsChangeTracker}, and programs the node's
 * kernel when {@link KubeProxy} asks it to sync. KubeProxy owns the watches, the pacing and the
 * metrics; a proxier owns its mode's rules. A mode is a package with a proxier, registered by name
 * in a {@link ProxierRegistry}.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/proxy/types.go">pkg/proxy/types.go
 *     Provider</a>
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/proxy/config/config.go">pkg/proxy/config/config.go
 *     ServiceHandler, EndpointSliceHandler, NodeHandler</a>
 */
public interface Proxier {
  /** Where the Service handlers keep what changed until the next sync. */
  ServiceChangeTracker serviceChanges();

  /** Where the EndpointSlice handlers keep what changed until the next sync. */
  EndpointsChangeTracker endpointsChanges();

  default void onServiceAdd(Service service) {
    serviceChanges().update(null, service);
  }

  default void onServiceUpdate(Service old, Service service) {
    serviceChanges().update(old, service);
  }

  default void onServiceDelete(Service service) {
    serviceChanges().update(service, null);
  }

  default void onEndpointSliceAdd(EndpointSlice slice) {
    endpointsChanges().endpointSliceUpdate(slice, false);
  }

  default void onEndpointSliceUpdate(EndpointSlice old, EndpointSlice slice) {
    endpointsChanges().endpointSliceUpdate(slice, false);
  }

  default void onEndpointSliceDelete(EndpointSlice slice) {
    endpointsChanges().endpointSliceUpdate(slice, true);
  }

  /**
   * The node kube-proxy runs on was added. Upstream's proxiers read its topology labels here; ksim
   * does not model topology-aware routing, so a mode that needs nothing of its Node ignores it.
   */
  default void onNodeAdd(Node node) {}

  /** The node kube-proxy runs on changed (see {@link #onNodeAdd}). */
  default void onNodeUpdate(Node old, Node node) {}

  /** The node kube-proxy runs on was deleted (see {@link #onNodeAdd}). */
  default void onNodeDelete(Node node) {}

  /**
   * What the mode sets up on the node when kube-proxy starts in it, before its first sync (for
   * iptables: the nfacct counters, the canary chains, the jumps from the built-in chains, {@code
   * route_localnet}). Leaves in place what an earlier kube-proxy of the same mode set up.
   */
  void bootstrap(Netfilter kernel);

  /**
   * Programs the kernel for the Services and endpoints heard of so far (upstream's {@code
   * syncProxyRules}). A full sync rewrites everything; otherwise only what belongs to Services that
   * changed since the last sync is rewritten (upstream's partial sync).
   */
  SyncResult syncProxyRules(Netfilter kernel, boolean full);
}
