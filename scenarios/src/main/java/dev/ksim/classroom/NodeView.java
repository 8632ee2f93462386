package dev.ksim.classroom;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ksim.cluster.Cluster;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.proxy.KubeProxy;
import dev.ksim.proxy.ProxyMode;
import dev.ksim.scenario.shell.Shell;
import dev.ksim.view.TraceJson;
import java.util.List;

/**
 * A node's state as its own tools print it: the rules kube-proxy programmed ({@code iptables-save},
 * plus {@code ipvsadm -Ln} in ipvs mode) and its connection tracking table ({@code conntrack -L}).
 */
final class NodeView {
  private NodeView() {}

  /** The rules and conntrack table of {@code node} now. */
  static ObjectNode of(Cluster cluster, String node) {
    Shell shell = new Shell(cluster, cluster.datapath(Recording.NONE));
    String where = "node/" + node;
    KubeProxy proxy = cluster.kubeProxies().get(node);
    StringBuilder rules = new StringBuilder(tool(shell, where, List.of("iptables-save")));
    String mode = "none";
    if (proxy != null) {
      ProxyMode proxyMode = proxy.configuration().mode();
      mode = proxyMode.token();
      rules.append(
          switch (proxyMode) {
            case IPTABLES -> "";
            case IPVS -> "\n# ipvsadm -Ln\n" + tool(shell, where, List.of("ipvsadm", "-Ln"));
            case NFTABLES -> "\n# (nft list ruleset is not in ksim's shell yet)\n";
          });
    }
    ObjectNode n = TraceJson.node();
    n.put("node", node);
    n.put("mode", mode);
    n.put("rules", rules.toString());
    n.put("conntrack", conntrack(cluster, node));
    return n;
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
