/**
 * The EndpointSlice mirroring controller: for a Service without a selector, the hand-written
 * Endpoints object is mirrored into EndpointSlices (managed by {@code
 * endpointslicemirroring-controller.k8s.io}) so that kube-proxy, which reads only slices, sees it.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/tree/master/pkg/controller/endpointslicemirroring">pkg/controller/endpointslicemirroring</a>
 */
@NullMarked
package dev.ksim.controller.endpointslicemirroring;

import org.jspecify.annotations.NullMarked;
