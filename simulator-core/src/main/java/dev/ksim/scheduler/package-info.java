/**
 * The kube-scheduler: binds each pending pod to a node that passes the filters (nodeName,
 * nodeSelector, required node affinity, taints and tolerations, required pod affinity and
 * anti-affinity) and scores best for spreading; a pod that fits nowhere stays Pending with an
 * Unschedulable condition that says why, as {@code kubectl describe pod} shows.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/tree/master/pkg/scheduler/framework/plugins">pkg/scheduler/framework/plugins</a>
 */
@NullMarked
package dev.ksim.scheduler;

import org.jspecify.annotations.NullMarked;
