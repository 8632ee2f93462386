/**
 * kube-proxy's ipvs mode: one proxier per family that keeps the node's IP Virtual Server, its
 * {@code kube-ipvs0} dummy device, its ipsets and the few iptables rules ipvs mode still needs in
 * step with the Services and endpoints, as upstream's {@code pkg/proxy/ipvs} does.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/tree/v1.34.2/pkg/proxy/ipvs">pkg/proxy/ipvs</a>
 */
@NullMarked
package dev.ksim.proxy.ipvs;

import org.jspecify.annotations.NullMarked;
