/**
 * The event recorder of client-go's {@code tools/record}: components (kubelet, scheduler,
 * controllers) report what they did or failed to do as core/v1 Events about an object, similar
 * events are folded into one with a count, and the API server forgets them after its event TTL.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/tree/v1.34.2/staging/src/k8s.io/client-go/tools/record">client-go
 *     tools/record</a>
 */
@NullMarked
package dev.ksim.record;

import org.jspecify.annotations.NullMarked;
