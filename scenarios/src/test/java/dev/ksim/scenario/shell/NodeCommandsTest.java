package dev.ksim.scenario.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.cluster.Cluster;
import dev.ksim.cluster.ClusterOptions;
import dev.ksim.manifest.Manifests;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.view.CommandResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Commands that change a node: iptables rules as a real node keeps them, sysctl values. */
@Timeout(120)
class NodeCommandsTest {
  private final Cluster cluster = Cluster.start(Manifests.EMPTY, ClusterOptions.DEFAULT);
  private final Shell shell = new Shell(cluster, cluster.datapath(Recording.NONE));

  private CommandResult sh(String line) {
    return shell.runLine("node/k8s-node01", line).output();
  }

  @Test
  void aUserChainSurvivesKubeProxysSyncButARuleInItsChainDoesNot() {
    sh("iptables -N MYCHAIN");
    sh("iptables -A MYCHAIN -s 10.1.2.3/32 -m comment --comment \"my rule\" -j DROP");
    sh("iptables -t nat -I KUBE-SERVICES -s 10.9.9.9/32 -j RETURN");
    assertThat(sh("iptables -t nat -S KUBE-SERVICES").stdout()).contains("-s 10.9.9.9/32");

    shell.runLine("", "kubectl create service clusterip web --tcp=80");

    assertThat(sh("iptables -t nat -S KUBE-SERVICES").stdout()).doesNotContain("10.9.9.9");
    assertThat(sh("iptables -S MYCHAIN").stdout())
        .isEqualTo(
            "-N MYCHAIN\n-A MYCHAIN -s 10.1.2.3/32 -m comment --comment \"my rule\" -j DROP\n");
  }

  @Test
  void deleteReplaceAndFlushChangeTheChain() {
    sh("iptables -N C");
    sh("iptables -A C -s 10.0.0.1/32 -j DROP");
    sh("iptables -A C -s 10.0.0.2/32 -j DROP");

    sh("iptables -R C 1 -s 10.0.0.3/32 -j ACCEPT");
    sh("iptables -D C -s 10.0.0.2/32 -j DROP");

    assertThat(sh("iptables -S C").stdout()).isEqualTo("-N C\n-A C -s 10.0.0.3/32 -j ACCEPT\n");
    sh("iptables -F C");
    sh("iptables -X C");
    assertThat(sh("iptables -S C").exitCode()).isEqualTo(1);
  }

  @Test
  void errorsUseIptablesWords() {
    assertThat(sh("iptables -A NOPE -j DROP").stderr())
        .isEqualTo("iptables: No chain/target/match by that name.\n");
    sh("iptables -N C");
    assertThat(sh("iptables -N C").stderr()).isEqualTo("iptables: Chain already exists.\n");
  }

  @Test
  void listingAnOlderKubeProxyChainSaysWhichChainDoesItsJobNow() {
    CommandResult result = sh("iptables -t nat -L KUBE-XLB-ABC -n");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr()).contains("KUBE-EXT-ABC");
  }

  @Test
  void sysctlReadsAndWritesTheNodesValues() {
    assertThat(sh("sudo sysctl net.ipv4.ip_forward").stdout())
        .isEqualTo("net.ipv4.ip_forward = 1\n");
    assertThat(sh("sysctl -w net.ipv4.conf.all.route_localnet=1").stdout())
        .isEqualTo("net.ipv4.conf.all.route_localnet = 1\n");
    assertThat(sh("cat /proc/sys/net/ipv4/conf/all/route_localnet").stdout()).isEqualTo("1\n");
    assertThat(sh("sysctl net.nope").stderr())
        .isEqualTo("sysctl: cannot stat /proc/sys/net/nope: No such file or directory\n");
  }
}
