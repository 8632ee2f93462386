/**
 * The client side of cluster DNS: the resolv.conf kubelet gives each pod (per dnsPolicy and
 * dnsConfig) and nodes' own, and queries that travel as packets through the data path to a CoreDNS
 * pod (DNATed by kube-proxy like any Service traffic) or to the resolver outside the cluster.
 */
@NullMarked
package dev.ksim.resolver;

import org.jspecify.annotations.NullMarked;
