/**
 * DNS messages as values: names, record types, records with their data, questions and whole
 * messages with header flags and EDNS. Everything else in dns-model (CoreDNS, the resolver, dig's
 * text) works on these; {@link dev.ksim.dns.wire} turns them into bytes and back.
 */
@NullMarked
package dev.ksim.dns;

import org.jspecify.annotations.NullMarked;
