/**
 * kube-proxy's nftables mode: the {@code kube-proxy} table (one per family) with its base chains,
 * the service-ips / service-nodeports verdict maps, the cluster-ips and no-endpoint sets and maps,
 * and the per-Service-port service-, local-, external-, firewall- and endpoint- chains, named and
 * hashed as upstream names them, written as {@code nft -f} transactions.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/master/pkg/proxy/nftables/proxier.go">pkg/proxy/nftables/proxier.go</a>
 */
@NullMarked
package dev.ksim.proxy.nftables;

import org.jspecify.annotations.NullMarked;
