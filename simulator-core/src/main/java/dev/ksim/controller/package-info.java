/**
 * The kube-controller-manager's controllers, one subpackage each, and what they share: a keyed work
 * queue that coalesces events for one object and reconciles it after the controller's delay, and
 * ownerReference helpers.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/tree/master/pkg/controller">pkg/controller</a>
 */
@NullMarked
package dev.ksim.controller;

import org.jspecify.annotations.NullMarked;
