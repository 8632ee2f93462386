package dev.ksim.proxy;

/**
 * What one sync of one proxier did, for kube-proxy's metrics.
 *
 * @param rulesWritten the rules handed to the kernel (upstream's {@code
 *     sync_proxy_rules_iptables_last} metric for the iptables mode)
 */
public record SyncResult(int rulesWritten) {}
