/**
 * ksim's command shell: one shell for scenario {@code run} steps, {@code ksim kubectl} and {@code
 * kubectl exec}, running a command line in a pod or on a node of the simulated cluster. kubectl
 * (views and the verbs that change the cluster, through the API store), curl, dig, nslookup, node
 * tools (iptables with its changing commands, iptables-save/-restore, conntrack, sysctl) and the
 * pipe filters (grep, head, tail, wc, sort, uniq, cut, awk, xargs) answer as the real tools would;
 * anything else is refused with exit status 2, naming it.
 */
@NullMarked
package dev.ksim.scenario.shell;

import org.jspecify.annotations.NullMarked;
