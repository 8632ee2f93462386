package dev.ksim.ipvs;

import com.google.common.collect.ImmutableList;
import dev.ksim.net.IpFamily;
import dev.ksim.netfilter.HookFunction;
import dev.ksim.netfilter.Netfilter;
import dev.ksim.netfilter.PacketInFlight;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.netfilter.hook.Hook;
import dev.ksim.netfilter.hook.HookResult;
import org.jspecify.annotations.Nullable;

/**
 * Where IPVS sits in a kernel: the handlers {@code ip_vs_ops4} / {@code ip_vs_ops6} register, for
 * both families. Requests are handled at LOCAL_IN after the filter table (NF_IP_PRI_NAT_SRC - 1 =
 * 99) and at LOCAL_OUT right after nat OUTPUT (NF_IP_PRI_NAT_DST + 2 = -98); replies of masqueraded
 * connections at LOCAL_IN 98, LOCAL_OUT -99 and FORWARD 100. The ICMP handler at FORWARD 99 is not
 * modelled (ksim does not trace ICMP errors).
 *
 * @see <a
 *     href="https://github.com/torvalds/linux/blob/master/net/netfilter/ipvs/ip_vs_core.c">ip_vs_core.c
 *     (ip_vs_ops4, ip_vs_in_hook, ip_vs_out_hook)</a>
 */
public final class IpvsHooks {
  /** {@code NF_IP_PRI_NAT_SRC - 1}. */
  public static final int LOCAL_IN_REQUEST_PRIORITY = 99;

  /** {@code NF_IP_PRI_NAT_SRC - 2}. */
  public static final int LOCAL_IN_REPLY_PRIORITY = 98;

  /** {@code NF_IP_PRI_NAT_DST + 2}. */
  public static final int LOCAL_OUT_REQUEST_PRIORITY = -98;

  /** {@code NF_IP_PRI_NAT_DST + 1}. */
  public static final int LOCAL_OUT_REPLY_PRIORITY = -99;

  /** After the filter table on FORWARD. */
  public static final int FORWARD_REPLY_PRIORITY = 100;

  private IpvsHooks() {}

  /** Registers {@code ipvs}'s handlers, for both families, in {@code kernel}. */
  public static ImmutableList<HookFunction> register(Ipvs ipvs, Netfilter kernel) {
    ImmutableList.Builder<HookFunction> registered = ImmutableList.builder();
    SysctlSnapshot sysctls = new SysctlSnapshot();
    for (IpFamily family : IpFamily.values()) {
      registered.add(new Out(ipvs, family, Hook.INPUT, LOCAL_IN_REPLY_PRIORITY));
      registered.add(new In(ipvs, sysctls, family, Hook.INPUT, LOCAL_IN_REQUEST_PRIORITY));
      registered.add(new Out(ipvs, family, Hook.OUTPUT, LOCAL_OUT_REPLY_PRIORITY));
      registered.add(new In(ipvs, sysctls, family, Hook.OUTPUT, LOCAL_OUT_REQUEST_PRIORITY));
      registered.add(new Out(ipvs, family, Hook.FORWARD, FORWARD_REPLY_PRIORITY));
    }
    ImmutableList<HookFunction> functions = registered.build();
    functions.forEach(kernel::register);
    return functions;
  }

  /**
   * The kernel's net.ipv4.vs sysctls as IPVS last read them, read again only after a sysctl was set
   * (the kernel keeps them parsed in its netns_ipvs; reading and parsing them for every packet
   * would cost more than the rest of an established connection's packet).
   */
  private static final class SysctlSnapshot {
    private @Nullable Netfilter kernel;
    private long changes;
    private IpvsSysctls values = IpvsSysctls.DEFAULTS;

    IpvsSysctls of(Netfilter current) {
      if (current != kernel || current.sysctlChanges() != changes) {
        values = IpvsSysctls.from(current::sysctl);
        kernel = current;
        changes = current.sysctlChanges();
      }
      return values;
    }
  }

  /** {@code ip_vs_in_hook}: requests. */
  private record In(Ipvs ipvs, SysctlSnapshot sysctls, IpFamily family, Hook hook, int priority)
      implements HookFunction {
    @Override
    public String name() {
      return "ip_vs_in_hook";
    }

    @Override
    public HookResult run(Netfilter kernel, PacketInFlight flight, Recording recording) {
      // skb->ipvs_property: IPVS's own output; a locally generated packet looping back through lo
      // was handled at LOCAL_OUT already
      if (flight.sentBy() != null
          || (hook == Hook.INPUT && flight.packet().inInterface().equals("lo"))) {
        return HookResult.accept(null);
      }
      return ipvs.request(hook, flight.packet(), sysctls.of(kernel), kernel::isLocal, recording);
    }
  }

  /** {@code ip_vs_out_hook}: replies of masqueraded connections. */
  private record Out(Ipvs ipvs, IpFamily family, Hook hook, int priority) implements HookFunction {
    @Override
    public String name() {
      return "ip_vs_out_hook";
    }

    @Override
    public HookResult run(Netfilter kernel, PacketInFlight flight, Recording recording) {
      if (flight.sentBy() != null) {
        return HookResult.accept(null);
      }
      return ipvs.reply(hook, flight.packet(), recording);
    }
  }
}
