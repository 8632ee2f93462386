/**
 * CoreDNS's kubernetes plugin: the Service, EndpointSlice and Pod facts it indexes, the query name
 * grammar of the Kubernetes DNS specification and the records it answers with. It knows nothing of
 * Kubernetes API objects: simulator-core feeds it plain values, as the plugin's own {@code object}
 * package converts API objects.
 */
@NullMarked
package dev.ksim.dns.kubernetes;

import org.jspecify.annotations.NullMarked;
