package dev.ksim.proxy.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.net.Cidr;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.net.IpPort;
import dev.ksim.netfilter.table.Table;
import dev.ksim.netfilter.text.RestoreInput;
import org.junit.jupiter.api.Test;

/**
 * A Service port's table added to a node's: whole on a full sync, and on a partial sync only the
 * runs of the top-level chains (worked out as the port's runs are sealed), which must be exactly
 * the runs that do not append to one of the Service's own chains.
 */
class RestoreTableTest {
  private static final ChainName SVC = ChainName.of("KUBE-SVC-AAAAAAAAAAAAAAAA");
  private static final ChainName SEP = ChainName.of("KUBE-SEP-BBBBBBBBBBBBBBBB");

  /** A port's nat table: its KUBE-SERVICES entry, its chains, and a KUBE-NODEPORTS entry. */
  private static RestoreTable port() {
    RestoreTable port = new RestoreTable(Table.NAT, IpFamily.IPV4);
    port.append(KubeChains.KUBE_SERVICES).destination(Cidr.parse("10.96.0.1/32")).jump(SVC);
    port.chain(SVC);
    port.chain(SEP);
    port.append(SVC).comment("one").jump(SEP);
    port.append(SEP).source(IpAddress.parse("10.244.1.2")).jump(KubeChains.KUBE_MARK_MASQ);
    port.append(SEP).dnat(new IpPort(IpAddress.parse("10.244.1.2"), 80), "10.244.1.2:80");
    port.append(KubeChains.KUBE_NODEPORTS).destinationPort(30080).jump(SVC);
    port.seal();
    return port;
  }

  /** A node's nat table with its own chain and rule, then {@code port} added. */
  private static RestoreInput.TableInput node(RestoreTable port, boolean keepServiceChains) {
    RestoreTable node = new RestoreTable(Table.NAT, IpFamily.IPV4);
    node.chain(KubeChains.KUBE_SERVICES);
    node.append(KubeChains.KUBE_MARK_MASQ).target("MARK", "--or-mark", "0x4000");
    node.add(port, keepServiceChains);
    node.append(KubeChains.KUBE_SERVICES).jump(KubeChains.KUBE_NODEPORTS);
    return node.input();
  }

  @Test
  void aFullSyncTakesThePortWhole() {
    RestoreTable port = port();
    RestoreInput.TableInput input = node(port, false);

    assertThat(input.chains()).containsExactly("KUBE-SERVICES", SVC.value(), SEP.value());
    assertThat(input.rules())
        .extracting(RestoreInput.Appends::chain)
        .containsExactly(
            "KUBE-MARK-MASQ",
            "KUBE-SERVICES",
            SVC.value(),
            SEP.value(),
            "KUBE-NODEPORTS",
            "KUBE-SERVICES");
    assertThat(input.rules().subList(1, 5)).containsExactlyElementsOf(port.input().rules());
  }

  @Test
  void aPartialSyncTakesOnlyTheRunsOfTopLevelChains() {
    RestoreTable port = port();
    RestoreInput.TableInput partial = node(port, true);

    assertThat(partial.chains()).containsExactly("KUBE-SERVICES");
    assertThat(partial.rules())
        .extracting(RestoreInput.Appends::chain)
        .containsExactly("KUBE-MARK-MASQ", "KUBE-SERVICES", "KUBE-NODEPORTS", "KUBE-SERVICES");
    assertThat(partial.rules().subList(1, 3))
        .containsExactlyElementsOf(
            port.input().rules().stream()
                .filter(run -> !ChainNames.isServiceChain(run.chain()))
                .toList());
  }

  @Test
  void theRuleCountIsOfTheRunsTaken() {
    RestoreTable port = port();
    RestoreTable whole = new RestoreTable(Table.NAT, IpFamily.IPV4);
    whole.add(port, false);
    RestoreTable partial = new RestoreTable(Table.NAT, IpFamily.IPV4);
    partial.add(port, true);

    assertThat(whole.ruleCount()).isEqualTo(5);
    assertThat(partial.ruleCount()).isEqualTo(2);
  }

  /** Rules built one after another in the table's reused builder each keep their own words. */
  @Test
  void eachRuleKeepsItsOwnWords() {
    RestoreTable table = new RestoreTable(Table.NAT, IpFamily.IPV4);
    table.append(SVC).comment("a b").jump(SEP);
    table.append(SVC).destinationPort(80).jump(SEP);
    table.finish();

    assertThat(table.input().rules().get(0).rules())
        .containsExactly(
            "-m comment --comment \"a b\" -j " + SEP.value(), "--dport 80 -j " + SEP.value());
  }
}
