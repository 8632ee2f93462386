/**
 * Helpers over Pod objects that controllers, kube-proxy's view and kubectl's printers share: is a
 * pod ready, terminating, active, what is its IP, which port does a named port mean.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/master/pkg/api/v1/pod/util.go">pkg/api/v1/pod/util.go</a>
 */
@NullMarked
package dev.ksim.api.pod;

import org.jspecify.annotations.NullMarked;
