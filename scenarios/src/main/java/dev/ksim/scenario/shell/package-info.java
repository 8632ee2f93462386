/**
 * Commands run inside a pod or on a node of the simulated cluster ({@code kubectl exec POD -- ...},
 * a scenario's {@code run} step): curl, dig, nslookup and {@code cat /etc/resolv.conf}, each
 * answering as the real tool would from there.
 */
@NullMarked
package dev.ksim.scenario.shell;

import org.jspecify.annotations.NullMarked;
