/**
 * The EndpointSlice controller: for each Service with a selector, slices (discovery.k8s.io/v1)
 * listing the selected pods with their ready, serving and terminating conditions, node names,
 * hostnames and target references, at most 100 endpoints per slice, one set of slices per address
 * family and per distinct set of resolved ports.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/tree/master/pkg/controller/endpointslice">pkg/controller/endpointslice</a>
 */
@NullMarked
package dev.ksim.controller.endpointslice;

import org.jspecify.annotations.NullMarked;
