/**
 * The kubelet of each node: starts the pods bound to it (an address from the node's pod range, or
 * the node's own for host-network pods), runs readiness probes, reports status and conditions, and
 * terminates deleted pods within their grace period.
 *
 * @see <a href="https://github.com/kubernetes/kubernetes/tree/master/pkg/kubelet">pkg/kubelet</a>
 */
@NullMarked
package dev.ksim.kubelet;

import org.jspecify.annotations.NullMarked;
