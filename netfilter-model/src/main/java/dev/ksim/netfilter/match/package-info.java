/**
 * The match modules a rule can use, one record each: the generic {@code -s -d -i -o -p} and the
 * extensions kube-proxy and users write ({@code comment}, {@code tcp}/{@code udp}/{@code sctp},
 * {@code multiport}, {@code addrtype}, {@code mark}, {@code conntrack}, {@code state}, {@code
 * statistic}, {@code recent}, {@code set}, {@code limit}, {@code nfacct}, {@code icmp}). Each
 * decides for one packet, and prints itself as {@code iptables-save} and {@code iptables -L} do.
 *
 * @see <a href="https://git.netfilter.org/iptables/tree/extensions">iptables extensions</a>
 */
@NullMarked
package dev.ksim.netfilter.match;

import org.jspecify.annotations.NullMarked;
