/**
 * The node IPAM controller: gives each node without {@code spec.podCIDRs} the next free block of
 * the cluster's pod subnet (/24 for IPv4 and /64 for IPv6 by default), as kube-controller-manager
 * does with {@code --allocate-node-cidrs}.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/tree/master/pkg/controller/nodeipam">pkg/controller/nodeipam</a>
 */
@NullMarked
package dev.ksim.controller.nodeipam;

import org.jspecify.annotations.NullMarked;
