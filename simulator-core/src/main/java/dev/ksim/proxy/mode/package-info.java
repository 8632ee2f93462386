/**
 * The wiring of kube-proxy's modes: which proxier each {@code mode} of the KubeProxyConfiguration
 * starts (upstream's {@code createProxier} in cmd/kube-proxy/app/server_linux.go). It depends on
 * every mode's package so that {@code dev.ksim.proxy} depends on none of them.
 */
@NullMarked
package dev.ksim.proxy.mode;

import org.jspecify.annotations.NullMarked;
