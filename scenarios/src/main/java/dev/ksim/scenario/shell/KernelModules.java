package dev.ksim.scenario.shell;

import static dev.ksim.scenario.shell.SocketTools.pad;

import dev.ksim.proxy.ProxyMode;
import dev.ksim.view.CommandResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel modules a kubeadm node has loaded for its kube-proxy mode and pod network, as {@code
 * lsmod} (kmod 30) lists them, and {@code modprobe}: silent for a module the node's kernel has, its
 * FATAL message otherwise. The list follows kubeadm's and kube-proxy's documented requirements
 * (ip_vs and its rr, wrr and sh schedulers with nf_conntrack for ipvs mode; nf_tables and the xt_*
 * matches iptables-nft rules use; br_netfilter and overlay for the container runtime); the sizes
 * are indicative, as modules differ between kernel builds.
 *
 * @see <a href="https://github.com/kubernetes/kubernetes/blob/master/pkg/proxy/ipvs/README.md">IPVS
 *     proxier README</a>
 * @see <a href="https://kubernetes.io/docs/setup/production-environment/container-runtimes/">
 *     container runtimes: prerequisites</a>
 */
final class KernelModules {
  /** The kernel release modprobe names in its message. */
  static final String RELEASE = "6.1.0-18-amd64";

  /** A loaded module: its name, size and the modules that use it. */
  private record Module(String name, int size, List<String> users) {}

  private KernelModules() {}

  private static List<Module> loaded(ProxyMode mode, boolean vxlan) {
    List<Module> modules = new ArrayList<>();
    if (mode == ProxyMode.IPVS) {
      modules.add(new Module("ip_vs_sh", 16384, List.of()));
      modules.add(new Module("ip_vs_wrr", 16384, List.of()));
      modules.add(new Module("ip_vs_rr", 16384, List.of()));
      modules.add(new Module("ip_vs", 188416, List.of("ip_vs_rr", "ip_vs_sh", "ip_vs_wrr")));
      modules.add(new Module("xt_set", 20480, List.of()));
      modules.add(new Module("ip_set_hash_ip", 49152, List.of()));
      modules.add(new Module("ip_set", 57344, List.of("ip_set_hash_ip", "xt_set")));
      modules.add(new Module("dummy", 16384, List.of()));
    }
    if (mode == ProxyMode.NFTABLES) {
      modules.add(new Module("nft_numgen", 16384, List.of()));
      modules.add(new Module("nft_ct", 24576, List.of()));
      modules.add(new Module("nft_fib_inet", 16384, List.of()));
    } else {
      modules.add(new Module("xt_statistic", 16384, List.of()));
      modules.add(new Module("xt_comment", 16384, List.of()));
      modules.add(new Module("xt_mark", 16384, List.of()));
      modules.add(new Module("xt_addrtype", 16384, List.of()));
      modules.add(new Module("xt_MASQUERADE", 20480, List.of()));
      modules.add(new Module("xt_nat", 16384, List.of()));
      modules.add(new Module("xt_conntrack", 16384, List.of()));
      modules.add(new Module("nft_compat", 20480, List.of()));
    }
    if (vxlan) {
      modules.add(new Module("vxlan", 98304, List.of()));
      modules.add(new Module("ip6_udp_tunnel", 16384, List.of("vxlan")));
      modules.add(new Module("udp_tunnel", 28672, List.of("vxlan")));
    }
    modules.add(new Module("veth", 36864, List.of()));
    modules.add(new Module("nft_chain_nat", 16384, List.of()));
    List<String> natUsers = new ArrayList<>(List.of("nft_chain_nat"));
    List<String> conntrackUsers = new ArrayList<>(List.of("nf_nat"));
    if (mode == ProxyMode.IPVS) {
      natUsers.add("ip_vs");
      conntrackUsers.add("ip_vs");
    }
    if (mode != ProxyMode.NFTABLES) {
      natUsers.add("xt_nat");
      natUsers.add("xt_MASQUERADE");
      conntrackUsers.add("xt_conntrack");
      conntrackUsers.add("xt_nat");
      conntrackUsers.add("xt_MASQUERADE");
    } else {
      conntrackUsers.add("nft_ct");
    }
    modules.add(new Module("nf_nat", 57344, natUsers));
    modules.add(new Module("nf_conntrack", 180224, conntrackUsers));
    modules.add(new Module("nf_defrag_ipv6", 24576, List.of("nf_conntrack")));
    modules.add(new Module("nf_defrag_ipv4", 16384, List.of("nf_conntrack")));
    modules.add(new Module("br_netfilter", 32768, List.of()));
    modules.add(new Module("bridge", 311296, List.of("br_netfilter")));
    modules.add(new Module("overlay", 163840, List.of()));
    List<String> tablesUsers = new ArrayList<>(List.of("nft_chain_nat"));
    if (mode == ProxyMode.NFTABLES) {
      tablesUsers.addAll(List.of("nft_ct", "nft_fib_inet", "nft_numgen"));
    } else {
      tablesUsers.add("nft_compat");
    }
    modules.add(new Module("nf_tables", 286720, tablesUsers));
    modules.add(new Module("nfnetlink", 20480, List.of("nf_tables")));
    return modules;
  }

  /** {@code lsmod}. */
  static CommandResult lsmod(ProxyMode mode, boolean vxlan) {
    StringBuilder out = new StringBuilder("Module                  Size  Used by\n");
    for (Module m : loaded(mode, vxlan)) {
      out.append(pad(m.name(), 19, false))
          .append(' ')
          .append(pad(String.valueOf(m.size()), 8, true))
          .append("  ")
          .append(m.users().size());
      if (!m.users().isEmpty()) {
        out.append(' ').append(String.join(",", m.users()));
      }
      out.append('\n');
    }
    return CommandResult.ok(out.toString());
  }

  /** {@code modprobe [-v] MOD...}: modules of any mode exist in the node's kernel. */
  static CommandResult modprobe(List<String> args) {
    List<String> names = new ArrayList<>();
    for (ProxyMode mode : ProxyMode.values()) {
      loaded(mode, true).forEach(m -> names.add(m.name()));
    }
    names.addAll(
        List.of(
            "ip_vs_lc",
            "ip_vs_wlc",
            "ip_vs_lblc",
            "ip_vs_sed",
            "ip_vs_nq",
            "ip_vs_dh",
            "ip_vs_mh",
            "iptable_nat",
            "iptable_filter",
            "ip_tables",
            "xt_recent",
            "ipip",
            "ip_set_hash_net",
            "ip_set_bitmap_port"));
    for (String arg : args) {
      if (arg.startsWith("-") && !arg.equals("-v") && !arg.equals("-a")) {
        throw UnsupportedCommandException.option("modprobe", arg, "-v, -a");
      }
      String name = arg.replace('-', '_');
      if (!arg.startsWith("-") && !names.contains(name)) {
        return CommandResult.error(
            "modprobe: FATAL: Module "
                + arg
                + " not found in directory /lib/modules/"
                + RELEASE
                + "\n",
            1);
      }
    }
    return CommandResult.ok("");
  }
}
