/** Helpers over Node objects: a node's InternalIP addresses and its pod ranges. */
@NullMarked
package dev.ksim.api.node;

import org.jspecify.annotations.NullMarked;
