/**
 * The container network: address management for pods from each node's podCIDR, as the host-local
 * IPAM plugin (used by flannel and the bridge plugin) does it.
 *
 * @see <a
 *     href="https://github.com/containernetworking/plugins/tree/main/plugins/ipam/host-local">containernetworking/plugins
 *     host-local</a>
 */
@NullMarked
package dev.ksim.cni;

import org.jspecify.annotations.NullMarked;
