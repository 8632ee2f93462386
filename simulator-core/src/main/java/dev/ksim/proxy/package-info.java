/**
 * kube-proxy: its configuration (read from the {@code kube-system/kube-proxy} ConfigMap), the
 * watches and the pacing of syncs ({@link dev.ksim.proxy.KubeProxy}), the proxier seam every mode
 * implements ({@link dev.ksim.proxy.Proxier}, registered by mode in a {@link
 * dev.ksim.proxy.ProxierRegistry}), and what the modes share: the change trackers, the Service port
 * and endpoint maps, topology and local-traffic detection. The modes live in subpackages, which
 * depend on this one and never the reverse.
 *
 * @see <a href="https://github.com/kubernetes/kubernetes/tree/v1.34.2/pkg/proxy">pkg/proxy</a>
 */
@NullMarked
package dev.ksim.proxy;

import org.jspecify.annotations.NullMarked;
