/**
 * A pod's quality-of-service class (Guaranteed, Burstable, BestEffort), computed from its
 * containers' (or the pod's own) cpu and memory requests and limits as the API server does when it
 * creates the pod and as kubectl does when the status has none.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/apis/core/helper/qos/qos.go">pkg/apis/core/helper/qos/qos.go</a>
 */
@NullMarked
package dev.ksim.api.qos;

import org.jspecify.annotations.NullMarked;
