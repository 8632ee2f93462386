/**
 * CoreDNS in the cluster: the kubernetes plugin's watches on the API store (Services,
 * EndpointSlices, Pods, Namespaces) feeding dns-model's index, the Corefile from the {@code
 * kube-system/coredns} ConfigMap, and the server each CoreDNS pod runs.
 */
@NullMarked
package dev.ksim.coredns;

import org.jspecify.annotations.NullMarked;
