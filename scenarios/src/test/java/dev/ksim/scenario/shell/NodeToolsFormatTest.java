package dev.ksim.scenario.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.cluster.Cluster;
import dev.ksim.cluster.ClusterOptions;
import dev.ksim.manifest.Manifests;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.view.CommandResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ip, ss, netstat, lsof, ps, lsmod, modprobe, ping, nc and telnet against the formats of the real
 * tools (iproute2 6.1.0, iputils-ping 20221126, netcat-openbsd 1.219, net-tools 2.10, procps-ng
 * 4.0.2), recorded in a throwaway network namespace on Debian 12.
 */
@Timeout(120)
class NodeToolsFormatTest {
  private final Cluster cluster = Cluster.start(Manifests.EMPTY, ClusterOptions.DEFAULT);
  private final Shell shell = new Shell(cluster, cluster.datapath(Recording.NONE));

  private CommandResult sh(String line) {
    return shell.runLine("node/k8s-node01", line).output();
  }

  @Test
  void ipAddrListsTheNodesInterfacesInIproute2Format() {
    String out = sh("ip addr").stdout();

    assertThat(out)
        .startsWith(
            "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default"
                + " qlen 1000\n"
                + "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
                + "    inet 127.0.0.1/8 scope host lo\n"
                + "       valid_lft forever preferred_lft forever\n"
                + "    inet6 ::1/128 scope host \n"
                + "       valid_lft forever preferred_lft forever\n"
                + "2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP"
                + " group default qlen 1000\n");
    assertThat(out)
        .containsPattern("    link/ether ([0-9a-f]{2}:){5}[0-9a-f]{2} brd ff:ff:ff:ff:ff:ff\n");
    assertThat(out).contains(" brd 10.244.");
    assertThat(out)
        .containsPattern(
            "veth[0-9a-f]{8}@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master cni0 state UP group default qlen 1000");
    assertThat(sh("ip addr").stdout()).isEqualTo(out);
  }

  @Test
  void anAddedAddressIsLocalAndTheRouteLookupSaysSo() {
    assertThat(sh("ip link add kube-ipvs0 type dummy").exitCode()).isEqualTo(0);
    assertThat(sh("ip addr add 10.96.0.100/32 dev kube-ipvs0").exitCode()).isEqualTo(0);

    assertThat(sh("ip route get 10.96.0.100").stdout())
        .isEqualTo("local 10.96.0.100 dev lo src 10.96.0.100 uid 0 \n    cache <local> \n");
    assertThat(sh("ip addr show kube-ipvs0").stdout())
        .contains(": kube-ipvs0: <BROADCAST,NOARP> mtu 1500 qdisc noop state DOWN group default\n")
        .contains("    inet 10.96.0.100/32 scope global kube-ipvs0\n");
    assertThat(sh("ip addr add 10.96.0.100/32 dev kube-ipvs0").stderr())
        .isEqualTo("Error: ipv4: Address already assigned.\n");
    assertThat(sh("ip addr del 10.96.0.100/32 dev kube-ipvs0").exitCode()).isEqualTo(0);
    assertThat(sh("ip addr del 10.96.0.100/32 dev kube-ipvs0").stderr())
        .isEqualTo("Error: ipv4: Address not found.\n");
    assertThat(sh("ip link set nosuch up").stderr()).isEqualTo("Cannot find device \"nosuch\"\n");
    assertThat(sh("ip addr show dev nosuch").stderr())
        .isEqualTo("Device \"nosuch\" does not exist.\n");
  }

  @Test
  void ipRouteShowsConnectedRoutesWithTheirSource() {
    String routes = sh("ip route").stdout();

    assertThat(routes).startsWith("default dev eth0 scope link \n");
    assertThat(routes)
        .containsPattern(
            "10\\.244\\.\\d+\\.0/24 dev cni0 proto kernel scope link src 10\\.244\\.\\d+\\.1 \n");
    assertThat(sh("ip route get 10.96.0.1").stdout())
        .matches("10\\.96\\.0\\.1 dev eth0 src \\S+ uid 0 \n    cache \n");
  }

  @Test
  void ssListsListeningSocketsAndNoNodePort() {
    String out = sh("ss -lnt").stdout();

    assertThat(out.lines().findFirst().orElse(""))
        .isEqualTo("State  Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess");
    assertThat(out).contains("LISTEN 0      4096       127.0.0.1:10249      0.0.0.0:*          \n");
    assertThat(out).contains("LISTEN 0      4096               *:10250            *:*          \n");
    assertThat(out).doesNotContain(":3");
    assertThat(sh("ss -lntp").stdout()).contains("users:((\"kube-proxy\",pid=");
  }

  @Test
  void netstatAndLsofUseTheirColumns() {
    assertThat(sh("netstat -lntp").stdout())
        .startsWith(
            "Active Internet connections (only servers)\n"
                + "Proto Recv-Q Send-Q Local Address           Foreign Address         State     "
                + "  PID/Program name    \n")
        .containsPattern(
            "tcp        0      0 127\\.0\\.0\\.1:10249         0\\.0\\.0\\.0:\\*     "
                + "          LISTEN      \\d+/kube-proxy\\s+\n");
    assertThat(sh("lsof -i :10249").stdout())
        .startsWith("COMMAND   PID USER   FD   TYPE DEVICE SIZE/OFF NODE NAME\n")
        .containsPattern(
            "kube-prox\\s+\\d+ root    \\d+u  IPv4 \\s*\\d+      0t0  TCP localhost:10249 \\(LISTEN\\)\n");
    assertThat(sh("lsof -i :30080").exitCode()).isEqualTo(1);
  }

  @Test
  void psLsmodAndModprobe() {
    assertThat(sh("ps aux").stdout())
        .startsWith("USER       PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n")
        .contains("/usr/bin/kubelet")
        .contains("kube-proxy --config");
    assertThat(sh("lsmod").stdout())
        .startsWith("Module                  Size  Used by\n")
        .contains("xt_statistic")
        .doesNotContain("ip_vs");
    assertThat(sh("modprobe ip_vs").exitCode()).isEqualTo(0);
    assertThat(sh("modprobe nf_conntrack_ipv4").stderr())
        .isEqualTo(
            "modprobe: FATAL: Module nf_conntrack_ipv4 not found in directory"
                + " /lib/modules/6.1.0-18-amd64\n");
  }

  private String nodeAddress() {
    return cluster.nodeNetworks().get("k8s-node01").addresses().get(0).address().toString();
  }

  @Test
  void aClusterIpDoesNotAnswerPingInIptablesModeButTheNodeDoes() {
    CommandResult clusterIp = sh("ping -c 2 10.96.0.1");
    String self = nodeAddress();
    assertThat(clusterIp.stdout())
        .isEqualTo(
            "PING 10.96.0.1 (10.96.0.1) 56(84) bytes of data.\n"
                + "From "
                + self
                + " icmp_seq=1 Destination Host Unreachable\n"
                + "From "
                + self
                + " icmp_seq=2 Destination Host Unreachable\n\n"
                + "--- 10.96.0.1 ping statistics ---\n"
                + "2 packets transmitted, 0 received, +2 errors, 100% packet loss, time 1001ms\n\n");
    assertThat(clusterIp.exitCode()).isEqualTo(1);

    assertThat(sh("ping -c 1 " + self).stdout())
        .isEqualTo(
            "PING "
                + self
                + " ("
                + self
                + ") 56(84) bytes of data.\n"
                + "64 bytes from "
                + self
                + ": icmp_seq=1 ttl=64 time=0.055 ms\n\n"
                + "--- "
                + self
                + " ping statistics ---\n"
                + "1 packets transmitted, 1 received, 0% packet loss, time 0ms\n"
                + "rtt min/avg/max/mdev = 0.055/0.055/0.055/0.000 ms\n");
  }

  @Test
  void ncAndTelnetPrintTheirOwnLines() {
    String self = nodeAddress();
    assertThat(sh("nc -zv " + self + " 10250").stderr())
        .isEqualTo("Connection to " + self + " 10250 port [tcp/*] succeeded!\n");
    assertThat(sh("nc -zv " + self + " 81").stderr())
        .isEqualTo("nc: connect to " + self + " port 81 (tcp) failed: Connection refused\n");
    CommandResult telnet = sh("telnet " + self + " 10250");
    assertThat(telnet.stdout())
        .isEqualTo(
            "Trying " + self + "...\nConnected to " + self + ".\nEscape character is '^]'.\n");
    assertThat(sh("telnet " + self + " 81").stderr())
        .isEqualTo("telnet: Unable to connect to remote host: Connection refused\n");
  }

  @Test
  void outOfScopeToolsFailWithExitTwoAndAHint() {
    ShellResult helm = shell.runLine("node/k8s-node01", "helm install x y");
    assertThat(helm.output().exitCode()).isEqualTo(2);
    ShellResult systemctl = shell.runLine("node/k8s-node01", "sudo systemctl restart kube-proxy");
    assertThat(systemctl.output().exitCode()).isEqualTo(2);
    assertThat(systemctl.output().stderr()).contains("configmap/kube-proxy");
    assertThat(shell.runLine("node/k8s-node01", "apt-get install -y tcpdump").output().exitCode())
        .isEqualTo(2);
  }

  @Test
  void iptablesSaveWithATablePrintsThatTableAlone() {
    String all = sh("iptables-save").stdout();
    String nat = sh("iptables-save -t nat").stdout();

    assertThat(all).contains("*filter\n").contains("*nat\n");
    assertThat(nat)
        .startsWith("# Generated by iptables-nft-save v1.8.9 (nf_tables) on ")
        .contains("*nat\n:PREROUTING ACCEPT [0:0]\n")
        .contains("-j KUBE-SERVICES")
        .doesNotContain("*filter")
        .endsWith("COMMIT\n" + nat.substring(nat.indexOf("# Completed on ")));
    assertThat(sh("iptables-save --table=nat").stdout()).isEqualTo(nat);
    assertThat(sh("iptables-save -tnat").stdout()).isEqualTo(nat);
  }

  @Test
  void iptablesSaveOfATableNothingCreatedShowsItsBuiltinChains() {
    assertThat(sh("iptables-save -t raw").stdout())
        .contains("*raw\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n");
  }

  @Test
  void iptablesSaveOfAnUnknownTableFailsAsIptablesNftSaveDoes() {
    CommandResult result = sh("iptables-save -t foo");

    assertThat(result.stdout()).isEmpty();
    assertThat(result.stderr()).isEqualTo("Table `foo' does not exist\n");
    assertThat(result.exitCode()).isEqualTo(1);
  }
}
