/**
 * The persistent volume controller: binds PersistentVolumeClaims to PersistentVolumes by storage
 * class, access modes and capacity (the smallest volume that fits), at once for an Immediate class
 * and, for a WaitForFirstConsumer class, once the scheduler has chosen the consuming pod's node,
 * among the volumes whose node affinity admits that node.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/tree/v1.34.2/pkg/controller/volume/persistentvolume">pkg/controller/volume/persistentvolume</a>
 */
@NullMarked
package dev.ksim.controller.volume;

import org.jspecify.annotations.NullMarked;
