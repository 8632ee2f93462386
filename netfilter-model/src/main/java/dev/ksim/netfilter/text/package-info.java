/**
 * The iptables text formats: {@code iptables-restore} input (parsed with iptables' own rules and
 * error messages), {@code iptables-save} output, {@code iptables -S} and {@code iptables -L}, and
 * {@code ipset list|save}, byte for byte as iptables 1.8.9 (nf_tables) prints them on Debian.
 *
 * @see <a href="https://git.netfilter.org/iptables/tree/iptables">iptables sources</a>
 */
@NullMarked
package dev.ksim.netfilter.text;

import org.jspecify.annotations.NullMarked;
