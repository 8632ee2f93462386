/**
 * Tests against the real kernel and tools of this machine: a throwaway network namespace, the real
 * iptables-restore, and a comparison of what the tools print with what ksim prints. They run when
 * the tools are there and say why they are skipped when not.
 */
@NullMarked
package dev.ksim.netfilter.kernel;

import org.jspecify.annotations.NullMarked;
