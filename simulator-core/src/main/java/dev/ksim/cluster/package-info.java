/**
 * The shape of the simulated cluster: its networks (pod, Service and node-port ranges), DNS domain
 * and nodes, from kubeadm's ClusterConfiguration and v1 Node documents, or DESIGN.md's
 * kubeadm-style default of one control-plane node and two workers.
 */
@NullMarked
package dev.ksim.cluster;

import org.jspecify.annotations.NullMarked;
