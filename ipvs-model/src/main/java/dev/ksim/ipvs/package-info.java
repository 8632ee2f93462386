/**
 * The kernel's IP Virtual Server as a library: virtual services and their real servers, the
 * connection table with its protocol states and timeouts in simulated time, persistence templates,
 * counters and rate estimates, and the handlers IPVS registers at the netfilter hooks. {@link
 * dev.ksim.ipvs.Ipvs} is one network namespace's IPVS, driven by whoever programs it (ipvsadm,
 * kube-proxy, a test); it knows nothing of Kubernetes.
 *
 * @see <a
 *     href="https://github.com/torvalds/linux/tree/master/net/netfilter/ipvs">net/netfilter/ipvs</a>
 */
@NullMarked
package dev.ksim.ipvs;

import org.jspecify.annotations.NullMarked;
