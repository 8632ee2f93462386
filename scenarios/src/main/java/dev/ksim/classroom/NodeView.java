package dev.ksim.classroom;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ksim.cluster.Cluster;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.proxy.KubeProxy;
import dev.ksim.scenario.shell.Shell;
import dev.ksim.view.TraceJson;
import java.util.List;

/**
 * A node's state as its own tools print it: the rules kube-proxy programmed ({@code iptables-save},
 * plus {@code ipvsadm -Ln} in ipvs mode, {@code nft list ruleset} first in nftables mode) and its
 * connection tracking table ({@code conntrack -L}).
 */
final class NodeView {
  private NodeView() {}

  /** The rules and conntrack table of {@code node} now. */
  static ObjectNode of(Cluster cluster, String node) {
    KubeProxy proxy = cluster.kubeProxies().get(node);
    ObjectNode n = TraceJson.node();
    n.put("node", node);
    n.put("mode", proxy == null ? "none" : proxy.configuration().mode().token());
    n.put("rules", rules(cluster, node));
    n.put("conntrack", conntrack(cluster, node));
    return n;
  }

  /**
   * The rules of {@code node} now: {@code iptables-save}, then in ipvs mode {@code ipvsadm -Ln}'s
   * virtual services, in nftables mode {@code nft list ruleset}.
   */
  static String rules(Cluster cluster, String node) {
    Shell shell = new Shell(cluster, cluster.datapath(Recording.NONE));
    String where = "node/" + node;
    KubeProxy proxy = cluster.kubeProxies().get(node);
    String iptables = tool(shell, where, List.of("iptables-save"));
    if (proxy == null) {
      return iptables;
    }
    return switch (proxy.configuration().mode()) {
      case IPTABLES -> iptables;
      case IPVS -> iptables + "\n# ipvsadm -Ln\n" + tool(shell, where, List.of("ipvsadm", "-Ln"));
      case NFTABLES ->
          "# nft list ruleset\n"
              + tool(shell, where, List.of("nft", "list", "ruleset"))
              + "\n# iptables-save\n"
              + iptables;
    };
  }

  /** {@code conntrack -L} on {@code node}. */
  static String conntrack(Cluster cluster, String node) {
    Shell shell = new Shell(cluster, cluster.datapath(Recording.NONE));
    return tool(shell, "node/" + node, List.of("conntrack", "-L"));
  }

  private static String tool(Shell shell, String where, List<String> argv) {
    var output = shell.run(where, argv).output();
    return output.stdout() + output.stderr();
  }
}
