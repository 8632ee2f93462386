#!/bin/bash
# Records the tcpdump 4.99.3 goldens of README.md in two throwaway network namespaces (run as root).
# ksimcmd-c (client, 10.0.0.1 on kveth0) <-> ksimcmd-s (server, 10.0.0.2 on eth0).
# Server: an HTTP/1.1 keep-alive listener on :80, :8080 and :8000 that answers like nginx (the client closes first),
# a DNS responder on udp/53 answering like CoreDNS (qr aa rd), tcp/82 REJECTed, tcp/81 closed.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
C=ksimcmd-c; S=ksimcmd-s
down() { ip netns pids $S 2>/dev/null | xargs -r kill; ip netns del $C 2>/dev/null; ip netns del $S 2>/dev/null; }
down; trap down EXIT
ip netns add $C; ip netns add $S
ip -n $C link add kveth0 type veth peer name eth0 netns $S
ip -n $C addr add 10.0.0.1/24 dev kveth0; ip -n $C link set kveth0 up; ip -n $C link set lo up
ip -n $S addr add 10.0.0.2/24 dev eth0; ip -n $S link set eth0 up; ip -n $S link set lo up
ip netns exec $S iptables-nft -A INPUT -p tcp --dport 82 -j REJECT
ip netns exec $S python3 "$HERE/servers.py" & sleep 1
cap() { # cap FILTER -- COMMAND...: tcpdump on the client's interface around one command
  local filter=$1; shift 2
  echo "    # tcpdump -i kveth0 -nn $filter   (then: $*)"
  ip netns exec $C timeout 4 tcpdump -l -i kveth0 -nn "$filter" > /tmp/ksimcmd-out 2>/tmp/ksimcmd-err &
  local dump=$!; sleep 1
  ip netns exec $C "$@" >/dev/null 2>&1; wait $dump
  sed 's/^/    /' /tmp/ksimcmd-out; sed 's/^/    /' /tmp/ksimcmd-err; echo
}
cap tcp -- curl -s http://10.0.0.2/
cap "tcp[tcpflags] & tcp-push != 0" -- curl -s http://10.0.0.2:8080/
cap "tcp[tcpflags] & tcp-push != 0" -- curl -s http://10.0.0.2:8000/
cap tcp -- curl -s http://10.0.0.2:81/
cap "tcp or icmp" -- curl -s http://10.0.0.2:82/
cap udp -- dig @10.0.0.2 kubernetes.default.svc.cluster.local
cap udp -- dig @10.0.0.2 nothere.default.svc.cluster.local
cap udp -- nslookup kubernetes.default.svc.cluster.local 10.0.0.2
cap icmp -- ping -c 2 10.0.0.2
cap "tcp or icmp" -- nc -zv -w 1 10.0.0.2 80
cap "icmp or arp" -- ping -c 1 -W 1 10.0.0.9
rm -f /tmp/ksimcmd-out /tmp/ksimcmd-err
