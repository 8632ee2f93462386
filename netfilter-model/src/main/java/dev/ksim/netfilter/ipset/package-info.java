/**
 * IP sets (ipset): named sets of addresses, address/port pairs and networks that one {@code -m set}
 * rule tests in a single lookup, with the {@code ipset list} and {@code ipset save} text.
 *
 * @see <a href="https://ipset.netfilter.org/ipset.man.html">ipset(8)</a>
 */
@NullMarked
package dev.ksim.netfilter.ipset;

import org.jspecify.annotations.NullMarked;
