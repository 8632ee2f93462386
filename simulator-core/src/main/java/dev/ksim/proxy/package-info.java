/**
 * kube-proxy: its configuration and, per node, the proxier that turns Services and EndpointSlices
 * into the node's kernel rules.
 *
 * @see <a href="https://github.com/kubernetes/kubernetes/tree/master/pkg/proxy">pkg/proxy</a>
 */
@NullMarked
package dev.ksim.proxy;

import org.jspecify.annotations.NullMarked;
