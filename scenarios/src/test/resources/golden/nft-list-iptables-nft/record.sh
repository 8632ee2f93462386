#!/bin/sh
# Records the goldens of NftListIptablesNftTest with the real tools (as root; Debian 12's
# iptables 1.8.9, ipset 7.17, nftables 1.0.6): for each mode, the node's rules ksim wrote
# (target/nft-list-iptables-nft/MODE.v4 .v6 .ipset .nft, left there by the test) are loaded into
# a throwaway network namespace, and nft list ruleset's output and errors are saved beside them.
# Usage: record.sh DIR_WITH_INPUTS (run from this directory)
set -eu
in=$1
for mode in iptables ipvs nftables; do
  ns=ksim-record-$$-$mode
  ip netns add "$ns"
  trap 'ip netns del "$ns"' EXIT
  x="ip netns exec $ns"
  for acct in $(grep -o -- '--nfacct-name  *[^ ]*' "$in/$mode.v4" | awk '{print $2}' | sort -u); do
    $x nfacct add "$acct"
  done
  [ -s "$in/$mode.ipset" ] && $x ipset restore < "$in/$mode.ipset"
  [ -s "$in/$mode.v4" ] && $x iptables-nft-restore -c < "$in/$mode.v4"
  [ -s "$in/$mode.v6" ] && $x ip6tables-nft-restore -c < "$in/$mode.v6"
  [ -s "$in/$mode.nft" ] && $x nft -f "$in/$mode.nft"
  $x nft list ruleset > "$mode.list" 2> "$mode.stderr"
  for f in v4 v6 ipset nft; do cp "$in/$mode.$f" "$mode.$f"; done
  ip netns del "$ns"
  trap - EXIT
done
