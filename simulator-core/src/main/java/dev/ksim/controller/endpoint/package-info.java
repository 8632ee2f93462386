/**
 * The legacy Endpoints controller: one v1 Endpoints object per selector Service, ready addresses in
 * {@code addresses} and the others in {@code notReadyAddresses}, grouped into subsets by port set
 * and sorted as upstream's RepackSubsets sorts them.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/tree/master/pkg/controller/endpoint">pkg/controller/endpoint</a>
 */
@NullMarked
package dev.ksim.controller.endpoint;

import org.jspecify.annotations.NullMarked;
