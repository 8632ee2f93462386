/**
 * The kernel's nf_tables objects as the {@code nft} tool shows them: tables of a family, base
 * chains hooked at a priority, regular chains, rules made of statements, and named sets and maps
 * (verdict maps included) with their elements. Values only; evaluation is in {@code nft.eval} and
 * the {@code nft -f} / {@code nft list} texts in {@code nft.text}.
 *
 * @see <a href="https://git.netfilter.org/nftables/tree/src/rule.c">nftables src/rule.c</a>
 * @see <a
 *     href="https://wiki.nftables.org/wiki-nftables/index.php/Quick_reference-nftables_in_10_minutes">nftables
 *     quick reference</a>
 */
@NullMarked
package dev.ksim.netfilter.nft;

import org.jspecify.annotations.NullMarked;
