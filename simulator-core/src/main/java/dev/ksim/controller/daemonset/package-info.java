/**
 * The DaemonSet controller: one pod per node that the pod fits (node selector, taints it does not
 * tolerate), pinned to its node with required node affinity on {@code metadata.name} and left to
 * the scheduler to bind, as upstream has done since Kubernetes 1.12.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/tree/master/pkg/controller/daemon">pkg/controller/daemon</a>
 */
@NullMarked
package dev.ksim.controller.daemonset;

import org.jspecify.annotations.NullMarked;
