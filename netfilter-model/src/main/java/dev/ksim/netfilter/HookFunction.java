package dev.ksim.netfilter;

import dev.ksim.net.IpFamily;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.netfilter.hook.Hook;
import dev.ksim.netfilter.hook.HookResult;

/**
 * A function registered at a hook beside the iptables tables, as a kernel module registers a {@code
 * struct nf_hook_ops}: IPVS's handlers, later nftables base chains. {@link Netfilter#hook} runs the
 * tables and the registered functions of a hook merged by priority (a table before a function of
 * the same priority), and records what each function did.
 *
 * @see <a
 *     href="https://github.com/torvalds/linux/blob/master/include/linux/netfilter.h">include/linux/netfilter.h
 *     (struct nf_hook_ops)</a>
 */
public interface HookFunction {
  /** The family whose packets the function sees ({@code nf_hook_ops.pf}). */
  IpFamily family();

  /** The hook it is registered at ({@code nf_hook_ops.hooknum}). */
  Hook hook();

  /**
   * Its priority: lower runs earlier ({@code nf_hook_ops.priority}, e.g. NF_IP_PRI_NAT_SRC - 1).
   */
  int priority();

  /** The kernel function's name, as a trace shows it ({@code ip_vs_remote_request4}). */
  String name();

  /**
   * Looks at (and may change) one packet. Whatever the function returns, {@link Netfilter#hook}
   * applies: the translation to the packet, the conntrack action to its entry.
   *
   * @param kernel the kernel the packet is in (its sysctls and addresses)
   * @param flight the packet
   * @param recording how much to explain: with {@link Recording#NONE} the result carries no record
   */
  HookResult run(Netfilter kernel, PacketInFlight flight, Recording recording);
}
