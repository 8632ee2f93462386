package dev.ksim.cli;

import com.google.common.collect.ImmutableSet;
import dev.ksim.input.KsimInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --sysctl NAME=VALUE} settings of {@code ksim netfilter}, checked as {@code sysctl -w}
 * checks them: a name the kernel has no file for is refused with sysctl's message, a value that is
 * not a number with the kernel's "Invalid argument". ksim models only the sysctls netfilter's
 * decisions read; a real one it does not model is refused as such rather than silently ignored.
 *
 * @see <a href="https://gitlab.com/procps-ng/procps/-/blob/v4.0.4/src/sysctl.c">procps sysctl.c:
 *     "cannot stat %s: No such file or directory", "setting key \"%s\": Invalid argument"</a>
 */
final class Sysctls {
  /** The sysctls ksim's netfilter and IPVS read (in this order in messages). */
  static final Set<String> MODELLED =
      ImmutableSet.of(
          "net.ipv4.conf.all.route_localnet",
          "net.ipv4.vs.conntrack",
          "net.ipv4.vs.conn_reuse_mode",
          "net.ipv4.vs.expire_nodest_conn",
          "net.ipv4.vs.expire_quiescent_template");

  /** Real sysctls near what ksim models, which it does not act on. */
  private static final Set<String> NOT_MODELLED =
      Set.of(
          "net.ipv4.ip_forward",
          "net.ipv4.conf.default.route_localnet",
          "net.ipv4.conf.eth0.route_localnet",
          "net.ipv4.conf.all.rp_filter",
          "net.bridge.bridge-nf-call-iptables",
          "net.netfilter.nf_conntrack_max",
          "net.netfilter.nf_conntrack_tcp_be_liberal");

  private Sysctls() {}

  /** The settings of {@code assignments} (NAME=VALUE each), in the order given. */
  static Map<String, String> parse(List<String> assignments) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String assignment : assignments) {
      int eq = assignment.indexOf('=');
      if (eq <= 0) {
        throw KsimInputException.commandLine("--sysctl", "expected NAME=VALUE, got " + assignment);
      }
      String name = assignment.substring(0, eq).strip().replace('/', '.');
      String value = assignment.substring(eq + 1).strip();
      if (NOT_MODELLED.contains(name)) {
        throw KsimInputException.commandLine(
            "--sysctl",
            name + " is a real sysctl that ksim does not model (it models " + MODELLED + ")");
      }
      if (!MODELLED.contains(name)) {
        throw KsimInputException.commandLine(
            "--sysctl",
            "sysctl: cannot stat /proc/sys/"
                + name.replace('.', '/')
                + ": No such file or directory");
      }
      if (!value.matches("-?\\d{1,10}")) {
        throw KsimInputException.commandLine(
            "--sysctl", "sysctl: setting key \"" + name + "\": Invalid argument");
      }
      values.put(name, value);
    }
    return values;
  }
}
