/**
 * The Deployment controller: one ReplicaSet per pod template (named with the template's
 * pod-template-hash), rolling updates within maxSurge and maxUnavailable, scaling, revisions and
 * revision history.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/tree/master/pkg/controller/deployment">pkg/controller/deployment</a>
 */
@NullMarked
package dev.ksim.controller.deployment;

import org.jspecify.annotations.NullMarked;
