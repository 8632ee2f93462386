/**
 * The DNS wire format and master files, through dnsjava: the only package that uses it, turning
 * bytes and zone-file text into dns-model's values and back (CONVENTIONS.md B1).
 */
@NullMarked
package dev.ksim.dns.wire;

import org.jspecify.annotations.NullMarked;
