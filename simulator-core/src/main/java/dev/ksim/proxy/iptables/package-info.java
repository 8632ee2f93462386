/**
 * kube-proxy's iptables mode: the rules {@code syncProxyRules} writes (KUBE-SERVICES,
 * KUBE-NODEPORTS, KUBE-EXTERNAL-SERVICES, KUBE-POSTROUTING, KUBE-MARK-MASQ, KUBE-FORWARD,
 * KUBE-PROXY-FIREWALL, KUBE-FIREWALL and the per-Service KUBE-SVC/SVL/EXT/FW/SEP chains), chain
 * names hashed as upstream hashes them, and the restore input that carries them to the kernel.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/master/pkg/proxy/iptables/proxier.go">pkg/proxy/iptables/proxier.go</a>
 */
@NullMarked
package dev.ksim.proxy.iptables;

import org.jspecify.annotations.NullMarked;
