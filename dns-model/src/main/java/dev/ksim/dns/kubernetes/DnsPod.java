package dev.ksim.dns.kubernetes;

/**
 * A pod as {@code pods verified} checks it.
 *
 * @param counted false for pods in phase Succeeded, Failed or Unknown and pods being deleted, which
 *     the plugin does not answer for
 */
public record DnsPod(String namespace, String name, String ip, boolean counted) {}
