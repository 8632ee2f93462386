package dev.ksim.scenario.shell;

import com.google.common.collect.ImmutableMap;
import dev.ksim.node.NodeNetwork;
import dev.ksim.view.CommandResult;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code sysctl [-n] [-w] NAME[=VALUE]...} and {@code cat /proc/sys/...} on a node: the values a
 * kubeadm node has (forwarding and bridge netfilter on, as kubeadm's preflight requires; the
 * conntrack settings kube-proxy writes at start) and whatever was set since, as procps-ng prints
 * them.
 *
 * @see <a
 *     href="https://kubernetes.io/docs/setup/production-environment/container-runtimes/">kubeadm
 *     network prerequisites</a>
 */
final class Sysctl {
  /** A kubeadm node's values; kube-proxy's conntrack settings for a two-core node. */
  private static final Map<String, String> NODE_DEFAULTS =
      ImmutableMap.<String, String>builder()
          .put("net.ipv4.ip_forward", "1")
          .put("net.bridge.bridge-nf-call-iptables", "1")
          .put("net.bridge.bridge-nf-call-ip6tables", "1")
          .put("net.ipv4.conf.all.route_localnet", "0")
          .put("net.ipv6.conf.all.forwarding", "1")
          .put("net.netfilter.nf_conntrack_max", "131072")
          .put("net.netfilter.nf_conntrack_tcp_timeout_established", "86400")
          .put("net.netfilter.nf_conntrack_tcp_timeout_close_wait", "3600")
          .build();

  private Sysctl() {}

  static CommandResult run(NodeNetwork network, List<String> args) {
    boolean valuesOnly = false;
    StringBuilder out = new StringBuilder();
    StringBuilder err = new StringBuilder();
    int exit = 0;
    for (String arg : args) {
      if (arg.equals("-n") || arg.equals("--values")) {
        valuesOnly = true;
        continue;
      }
      if (arg.equals("-w") || arg.equals("--write") || arg.equals("-q")) {
        continue;
      }
      if (arg.startsWith("-")) {
        throw UnsupportedCommandException.option("sysctl", arg, "-n, -w, NAME, NAME=VALUE");
      }
      int eq = arg.indexOf('=');
      String name = (eq < 0 ? arg : arg.substring(0, eq)).replace('/', '.');
      Optional<String> value = value(network, name);
      if (value.isEmpty()) {
        err.append("sysctl: cannot stat /proc/sys/")
            .append(name.replace('.', '/'))
            .append(": No such file or directory\n");
        exit = 255;
        continue;
      }
      String shown = value.get();
      if (eq >= 0) {
        shown = arg.substring(eq + 1);
        network.kernel().setSysctl(name, shown);
      }
      out.append(valuesOnly ? shown : name + " = " + shown).append('\n');
    }
    return new CommandResult(out.toString(), err.toString(), exit);
  }

  /** {@code cat /proc/sys/net/ipv4/ip_forward}. */
  static CommandResult cat(NodeNetwork network, String path) {
    String name = path.substring("/proc/sys/".length()).replace('/', '.');
    return value(network, name)
        .map(v -> CommandResult.ok(v + "\n"))
        .orElseGet(() -> CommandResult.error("cat: " + path + ": No such file or directory\n", 1));
  }

  private static Optional<String> value(NodeNetwork network, String name) {
    return network.kernel().sysctl(name).or(() -> Optional.ofNullable(NODE_DEFAULTS.get(name)));
  }
}
