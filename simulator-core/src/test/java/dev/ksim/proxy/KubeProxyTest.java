package dev.ksim.proxy;

import static dev.ksim.testing.TestClusters.deployment;
import static dev.ksim.testing.TestClusters.service;
import static dev.ksim.testing.TestClusters.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.cluster.Cluster;
import dev.ksim.net.IpFamily;
import dev.ksim.net.Protocol;
import dev.ksim.netfilter.Netfilter;
import dev.ksim.netfilter.text.IptablesRestoreParser;
import dev.ksim.netfilter.text.IptablesSaveWriter;
import dev.ksim.netfilter.text.RuleEnvironment;
import dev.ksim.proxy.iptables.ChainName;
import dev.ksim.proxy.iptables.ChainNames;
import dev.ksim.proxy.iptables.IptablesProxier;
import dev.ksim.testing.TestClusters;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class KubeProxyTest {
  private static String natRules(Cluster cluster, String node) {
    return IptablesSaveWriter.save(
        cluster.nodeNetworks().get(node).kernel().ruleset(IpFamily.IPV4), "now", null, false);
  }

  private static String lastRestore(KubeProxy proxy) {
    return ((IptablesProxier) proxy.proxier(IpFamily.IPV4)).lastRestore();
  }

  @Test
  void everyNodeProgramsTheServiceAndForgetsItWhenItIsDeleted() {
    Cluster cluster = TestClusters.start(yaml(deployment("web", 2), service("web")));

    for (String node : cluster.nodeNetworks().keySet()) {
      assertThat(natRules(cluster, node))
          .contains("-A KUBE-SERVICES -d ")
          .contains("\"default/web:http cluster IP\"")
          .contains("-j KUBE-SEP-");
    }
    cluster.store().delete(new ObjectKey(ResourceType.SERVICE, "default", "web"));
    cluster.runUntilQuiet();

    assertThat(natRules(cluster, "k8s-node01")).doesNotContain("default/web:http");
  }

  @Test
  void syncsAreAtLeastMinSyncPeriodApart() {
    Cluster cluster = TestClusters.start(service("web"));
    KubeProxy proxy = Objects.requireNonNull(cluster.kubeProxies().get("k8s-node01"));
    cluster.advance(Duration.ofSeconds(5));
    long before = proxy.syncs();

    cluster.store().delete(new ObjectKey(ResourceType.SERVICE, "default", "web"));
    cluster.advance(Duration.ofMillis(10));
    long afterFirst = proxy.syncs();
    cluster
        .store()
        .create(
            ResourceType.SERVICE,
            new ServiceBuilder()
                .withNewMetadata()
                .withName("again")
                .withNamespace("default")
                .endMetadata()
                .withNewSpec()
                .addNewPort()
                .withName("http")
                .withPort(80)
                .endPort()
                .endSpec()
                .build());
    cluster.advance(Duration.ofMillis(500));
    long withinPeriod = proxy.syncs();
    cluster.advance(Duration.ofMillis(600));

    // the first change syncs at once (the last sync is long past); the second waits for
    // minSyncPeriod (1s) after it, as upstream's BoundedFrequencyRunner does
    assertThat(afterFirst).isEqualTo(before + 1);
    assertThat(withinPeriod).isEqualTo(afterFirst);
    assertThat(proxy.syncs()).isEqualTo(afterFirst + 1);
    assertThat(natRules(cluster, "k8s-node01")).contains("default/again:http");
  }

  @Test
  void aDualStackNodeGetsIp6tablesRulesBesideItsIptablesOnes() {
    Cluster cluster =
        TestClusters.start(
            """
            apiVersion: kubeadm.k8s.io/v1beta4
            kind: ClusterConfiguration
            networking:
              podSubnet: 10.244.0.0/16,fd00:10:244::/56
              serviceSubnet: 10.96.0.0/12,fd00:10:96::/112
            ---
            apiVersion: v1
            kind: Node
            metadata: {name: n1}
            spec: {podCIDRs: [10.244.1.0/24, "fd00:10:244:1::/64"]}
            status:
              addresses: [{type: InternalIP, address: 192.168.80.101}, {type: InternalIP, address: "fd00::101"}]
            ---
            apiVersion: v1
            kind: Node
            metadata: {name: n2}
            spec: {podCIDRs: [10.244.2.0/24, "fd00:10:244:2::/64"]}
            status:
              addresses: [{type: InternalIP, address: 192.168.80.102}, {type: InternalIP, address: "fd00::102"}]
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: 2
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers: [{name: web, image: nginx:1.27, ports: [{containerPort: 80}]}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec:
              ipFamilyPolicy: PreferDualStack
              selector: {app: web}
              ports: [{port: 80}]""");
    Service web =
        cluster.store().list(ResourceType.SERVICE, "default").stream()
            .filter(s -> s.getMetadata().getName().equals("web"))
            .findFirst()
            .orElseThrow();
    String v6 =
        IptablesSaveWriter.save(
            cluster.nodeNetworks().get("n1").kernel().ruleset(IpFamily.IPV6), "now", null, false);

    assertThat(web.getSpec().getClusterIPs()).hasSize(2);
    String clusterIpV6 = web.getSpec().getClusterIPs().get(1);
    assertThat(v6)
        .contains("-A KUBE-SERVICES -d " + clusterIpV6 + "/128 -p tcp")
        .contains("! -s fd00:10:244::/56 -d " + clusterIpV6 + "/128")
        .contains("-j DNAT --to-destination [fd00:10:244:")
        .doesNotContain("10.244.");
    assertThat(natRules(cluster, "n1")).contains("-A KUBE-SERVICES -d 10.").doesNotContain("fd00:");
  }

  @Test
  void laterSyncsRewriteOnlyTheChainsOfChangedServices() {
    Cluster cluster =
        TestClusters.start(
            yaml(deployment("web", 2), service("web"), deployment("other", 1), service("other")));
    KubeProxy proxy = Objects.requireNonNull(cluster.kubeProxies().get("k8s-node01"));
    ChainName web = ChainNames.cluster(new ServicePortName("default", "web", "http", Protocol.TCP));
    ChainName other =
        ChainNames.cluster(new ServicePortName("default", "other", "http", Protocol.TCP));
    cluster.advance(Duration.ofSeconds(5));

    scale(cluster, 3);

    // upstream's partial sync: KUBE-SERVICES whole, only web's own chains
    assertThat(lastRestore(proxy))
        .contains(":" + web + " ")
        .doesNotContain(":" + other + " ")
        .contains("-A KUBE-SERVICES -m comment --comment \"default/other:http cluster IP\"");
    String rules = natRules(cluster, "k8s-node01");
    assertThat(rules).contains(":" + other + " ").contains("-A " + other + " ");
    assertThat(
            rules.lines().filter(l -> l.startsWith("-A " + web + " ") && l.contains("KUBE-SEP-")))
        .hasSize(3);
  }

  @Test
  void aPartialSyncDeletesTheChainsOfGoneEndpointsAndServiceChainsSomeoneElseAdded() {
    Cluster cluster = TestClusters.start(yaml(deployment("web", 2), service("web")));
    Netfilter kernel = cluster.nodeNetworks().get("k8s-node01").kernel();
    cluster.advance(Duration.ofSeconds(5));

    scale(cluster, 1);
    String leftover = "KUBE-SEP-LEFTOVER00000000";
    kernel.setRuleset(
        IpFamily.IPV4,
        new IptablesRestoreParser("test", RuleEnvironment.PERMISSIVE, true)
            .parse("*nat\n:" + leftover + " - [0:0]\nCOMMIT\n", kernel.ruleset(IpFamily.IPV4)));
    String afterScaleDown = natRules(cluster, "k8s-node01");
    cluster.advance(Duration.ofSeconds(5));
    scale(cluster, 2);

    // the endpoint that went took its KUBE-SEP chain along (its DNAT rule would stay otherwise)
    assertThat(webEndpoints(afterScaleDown)).isEqualTo(1);
    assertThat(webEndpoints(natRules(cluster, "k8s-node01"))).isEqualTo(2);
    assertThat(natRules(cluster, "k8s-node01")).doesNotContain(leftover);
  }

  @Test
  void aPartialSyncAfterAServiceInTheMiddleWentKeepsTheOthersAndRewritesOnlyWhatChanged() {
    Cluster cluster =
        TestClusters.start(
            yaml(
                deployment("a", 1),
                service("a"),
                deployment("b", 1),
                service("b"),
                deployment("c", 1),
                service("c")));
    KubeProxy proxy = Objects.requireNonNull(cluster.kubeProxies().get("k8s-node01"));
    ChainName a = ChainNames.cluster(new ServicePortName("default", "a", "http", Protocol.TCP));
    ChainName b = ChainNames.cluster(new ServicePortName("default", "b", "http", Protocol.TCP));
    ChainName c = ChainNames.cluster(new ServicePortName("default", "c", "http", Protocol.TCP));
    cluster.advance(Duration.ofSeconds(5));

    cluster.store().delete(new ObjectKey(ResourceType.SERVICE, "default", "b"));
    cluster.runUntilQuiet();
    String afterDelete = natRules(cluster, "k8s-node01");
    String deleteRestore = lastRestore(proxy);
    cluster.advance(Duration.ofSeconds(5));
    cluster
        .store()
        .modify(
            ResourceType.DEPLOYMENT,
            "default",
            "c",
            (io.fabric8.kubernetes.api.model.apps.Deployment d) -> d.getSpec().setReplicas(2));
    cluster.runUntilQuiet();
    String afterScale = natRules(cluster, "k8s-node01");

    assertThat(afterDelete)
        .contains("-j " + a + "\n")
        .contains("-j " + c + "\n")
        .doesNotContain(b.value());
    assertThat(deleteRestore).doesNotContain(":" + c + " ");
    assertThat(lastRestore(proxy)).contains(":" + c + " ").doesNotContain(":" + a + " ");
    assertThat(
            afterScale
                .lines()
                .filter(l -> l.startsWith("-A " + c + " ") && l.contains("KUBE-SEP-")))
        .hasSize(2);
  }

  private static void scale(Cluster cluster, int replicas) {
    cluster
        .store()
        .modify(
            ResourceType.DEPLOYMENT,
            "default",
            "web",
            (io.fabric8.kubernetes.api.model.apps.Deployment d) ->
                d.getSpec().setReplicas(replicas));
    cluster.runUntilQuiet();
  }

  private static long webEndpoints(String rules) {
    return rules
        .lines()
        .filter(l -> l.startsWith("-A KUBE-SEP-") && l.contains("default/web:http"))
        .filter(l -> l.contains("-j DNAT"))
        .count();
  }

  @Test
  void anHourAfterTheLastSyncAFullSyncRewritesEveryChainWithoutKeepingTheClusterBusy() {
    Cluster cluster = TestClusters.start(yaml(deployment("web", 1), service("web")));
    KubeProxy proxy = Objects.requireNonNull(cluster.kubeProxies().get("k8s-node01"));
    ChainName web = ChainNames.cluster(new ServicePortName("default", "web", "http", Protocol.TCP));
    long settled = proxy.syncs();

    cluster.advance(KubeProxy.FULL_SYNC_PERIOD.minusSeconds(1));
    long before = proxy.syncs();
    cluster.advance(Duration.ofSeconds(2));

    // iptables mode's runner syncs at the latest an hour after the last sync, a full sync, which
    // declares the unchanged chains too; iptables.syncPeriod (30s) does not pace it
    assertThat(before).isEqualTo(settled);
    assertThat(proxy.syncs()).isEqualTo(settled + 1);
    assertThat(lastRestore(proxy)).contains(":" + web + " ");
    assertThat(cluster.loop().isQuiet()).isTrue();
  }
}
