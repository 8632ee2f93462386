/**
 * The API server's allocators for Service ClusterIPs and NodePorts: a bitmap over the configured
 * range, with the lower band reserved for addresses and ports users ask for and random allocation
 * in the upper band (KEP-3070 and KEP-3668).
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/tree/master/pkg/registry/core/service">pkg/registry/core/service/ipallocator
 *     and portallocator</a>
 */
@NullMarked
package dev.ksim.apiserver.allocator;

import org.jspecify.annotations.NullMarked;
