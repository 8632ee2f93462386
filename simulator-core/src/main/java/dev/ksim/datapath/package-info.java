/**
 * The cluster's data path: where a traced packet starts (a pod, a node's process, a client
 * outside), the nodes' kernels it crosses, and the socket (or nothing) that gets it.
 */
@NullMarked
package dev.ksim.datapath;

import org.jspecify.annotations.NullMarked;
