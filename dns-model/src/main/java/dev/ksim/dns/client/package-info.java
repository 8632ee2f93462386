/**
 * What the DNS client tools print: dig (BIND 9.18) with its options, and nslookup, from the
 * messages a resolver exchanged.
 */
@NullMarked
package dev.ksim.dns.client;

import org.jspecify.annotations.NullMarked;
