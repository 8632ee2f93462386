/**
 * The simulated kube-apiserver: a store of Kubernetes objects with resourceVersions, admission
 * (defaulting, validation, ClusterIP and NodePort allocation), watches delivered through the event
 * loop, and garbage collection of dependents through ownerReferences. It is the only state that
 * components share, as in a real control plane.
 *
 * @see <a href="https://github.com/kubernetes/kubernetes/tree/master/pkg/registry">kube-apiserver
 *     pkg/registry</a>
 */
@NullMarked
package dev.ksim.apiserver;

import org.jspecify.annotations.NullMarked;
