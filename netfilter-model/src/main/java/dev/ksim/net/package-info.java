/**
 * Network values shared by every model: IP addresses of both families, prefixes (CIDRs) and address
 * families. Plain immutable values with no knowledge of the kernel or of Kubernetes.
 */
@NullMarked
package dev.ksim.net;

import org.jspecify.annotations.NullMarked;
