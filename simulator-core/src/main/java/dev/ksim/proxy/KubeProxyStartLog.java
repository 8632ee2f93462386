package dev.ksim.proxy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What kube-proxy prints at its default verbosity when it starts, as {@code kubectl logs} shows it:
 * the node IPs, the configuration warning about unset {@code nodePortAddresses}, the proxier it
 * uses ("Using iptables Proxier"), iptables mode's {@code route_localnet} notice, its version, and
 * its informers' start and sync; or the error it exits with. Syncs are logged only at higher
 * verbosity ({@code V(2)}), so a running kube-proxy prints nothing more.
 *
 * <p>Message texts and {@code file:line} are those of a kube-proxy v1.35.0 transcript; the lines of
 * "Using ipvs Proxier" and "Using nftables Proxier" are counted from {@code createProxier} in the
 * same file, as the transcript shows only iptables mode.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/cmd/kube-proxy/app/server.go">cmd/kube-proxy/app/server.go</a>
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/cmd/kube-proxy/app/server_linux.go">cmd/kube-proxy/app/server_linux.go
 *     createProxier</a>
 */
final class KubeProxyStartLog {
  private KubeProxyStartLog() {}

  /** The lines of a kube-proxy that started in {@code config}'s mode on a node with {@code ips}. */
  static List<String> started(
      Instant at, KubeProxyConfiguration config, List<String> nodeIps, String version) {
    List<String> lines = new ArrayList<>();
    lines.add(
        Klog.info(
            at,
            "server.go:218",
            "\"Successfully retrieved NodeIPs\" NodeIPs=["
                + String.join(",", nodeIps.stream().map(Klog::quote).toList())
                + "]"));
    if (config.nodePortAddresses().isEmpty() && config.mode() != ProxyMode.NFTABLES) {
      lines.add(
          Klog.error(
              at,
              "server.go:255",
              "\"Kube-proxy configuration may be incomplete or incorrect\" err=\"nodePortAddresses"
                  + " is unset; NodePort connections will be accepted on all local IPs. Consider"
                  + " using `--nodeport-addresses primary`\""));
    }
    lines.add(
        Klog.info(
            at,
            "server.go:264",
            "\"kube-proxy running in dual-stack mode\" primary ipFamily=\"IPv4\""));
    lines.add(
        Klog.info(
            at,
            "server_linux.go:" + proxierLine(config.mode()),
            "\"Using " + config.mode().token() + " Proxier\""));
    if (config.mode() == ProxyMode.IPTABLES
        && config.localhostNodePorts()
        && config.nodePortAddresses().isEmpty()) {
      lines.add(
          Klog.info(
              at,
              "proxier.go:242",
              "\"Setting route_localnet=1 to allow node-ports on localhost; to change this either"
                  + " disable iptables.localhostNodePorts (--iptables-localhost-nodeports) or set"
                  + " nodePortAddresses (--nodeport-addresses) to filter loopback addresses\""
                  + " ipFamily=\"IPv4\""));
    }
    lines.add(Klog.info(at, "server.go:529", "\"Version info\" version=\"" + version + "\""));
    lines.add(
        Klog.info(
            at, "server.go:531", "\"Golang settings\" GOGC=\"\" GOMAXPROCS=\"\" GOTRACEBACK=\"\""));
    String[][] informers = {
      {"config.go:200", "service config"},
      {"config.go:106", "endpoint slice config"},
      {"config.go:403", "serviceCIDR config"},
      {"config.go:309", "node config"}
    };
    for (String[] informer : informers) {
      lines.add(Klog.info(at, informer[0], "\"Starting " + informer[1] + " controller\""));
      lines.add(
          Klog.info(
              at,
              "shared_informer.go:349",
              "\"Waiting for caches to sync\" controller=\"" + informer[1] + "\""));
    }
    for (int i = informers.length - 1; i >= 0; i--) {
      lines.add(
          Klog.info(
              at,
              "shared_informer.go:356",
              "\"Caches are synced\" controller=\"" + informers[i][1] + "\""));
    }
    return lines;
  }

  /** The line of a kube-proxy that exits at start with {@code error}. */
  static List<String> failed(Instant at, String error) {
    return List.of(Klog.error(at, "run.go:72", "\"command failed\" err=" + Klog.quote(error)));
  }

  private static int proxierLine(ProxyMode mode) {
    return switch (mode) {
      case IPTABLES -> 136;
      case IPVS -> 197;
      case NFTABLES -> 258;
    };
  }
}
