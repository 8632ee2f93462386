/**
 * The {@code nft} tool's texts: {@code nft -f} input (the commands and table blocks kube-proxy and
 * people write, applied as one transaction, whole or not at all) and {@code nft list} output as nft
 * 1.0.x prints it.
 *
 * @see <a href="https://git.netfilter.org/nftables/tree/src/parser_bison.y">nftables
 *     src/parser_bison.y</a>
 * @see <a href="https://git.netfilter.org/nftables/tree/src/rule.c">nftables src/rule.c
 *     (listing)</a>
 */
@NullMarked
package dev.ksim.netfilter.nft.text;

import org.jspecify.annotations.NullMarked;
