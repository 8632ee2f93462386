/**
 * What the endpoint controllers share: which pods a Service selects, which Services select a pod
 * (an index over Service selectors), and the ports a Service's targetPorts mean on a pod.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/tree/master/pkg/controller/util/endpoint">pkg/controller/util/endpoint</a>
 */
@NullMarked
package dev.ksim.controller.util;

import org.jspecify.annotations.NullMarked;
