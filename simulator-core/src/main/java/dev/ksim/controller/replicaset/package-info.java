/**
 * The ReplicaSet controller: keeps the number of active pods a ReplicaSet owns equal to its
 * replicas, creating pods from the template and deleting the least valuable ones first.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/master/pkg/controller/replicaset/replica_set.go">pkg/controller/replicaset</a>
 */
@NullMarked
package dev.ksim.controller.replicaset;

import org.jspecify.annotations.NullMarked;
