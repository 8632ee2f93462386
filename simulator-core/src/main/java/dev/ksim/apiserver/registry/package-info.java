/**
 * Per-kind registry strategies of the simulated API server: defaulting and validation as
 * kube-apiserver applies them (pkg/apis/core/v1/defaults.go, pkg/apis/core/validation,
 * pkg/apis/apps/validation), worded with upstream's messages, and the Service registry's ClusterIP
 * and NodePort allocation.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/validation/validation.go">core/validation/validation.go</a>
 */
@NullMarked
package dev.ksim.apiserver.registry;

import org.jspecify.annotations.NullMarked;
