package dev.ksim.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ksim.manifest.ManifestException;
import dev.ksim.manifest.YamlReader;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One type parses, defaults and validates a KubeProxyConfiguration, with kube-proxy's messages
 * (pkg/proxy/apis/config/validation), including the fields of modes ksim does not build yet.
 */
class KubeProxyConfigurationTest {
  private static final String HEADER =
      "apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\n";

  private static KubeProxyConfiguration parse(String fields) {
    return KubeProxyConfiguration.parse(YamlReader.read("kp.yaml", HEADER + fields).get(0));
  }

  @Test
  void whatADocumentLeavesOutTakesKubeProxysDefaults() {
    KubeProxyConfiguration config = parse("mode: \"\"\n");

    assertThat(config.mode()).isEqualTo(ProxyMode.IPTABLES);
    assertThat(config.syncPeriod()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.minSyncPeriod()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.conntrack().maxPerCore()).isEqualTo(32768);
    assertThat(config.conntrack().min()).isEqualTo(131072);
    assertThat(config.conntrack().tcpEstablishedTimeout()).isEqualTo(Duration.ofHours(24));
    assertThat(config.conntrack().tcpCloseWaitTimeout()).isEqualTo(Duration.ofHours(1));
    assertThat(config.ipvs().syncPeriod()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.ipvs().scheduler()).isEmpty();
    assertThat(config.nftables().masqueradeBit()).isEqualTo(14);
    assertThat(config.nftables().minSyncPeriod()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void theFieldsOfModesKsimLacksAreParsed() {
    KubeProxyConfiguration config =
        parse(
            "ipvs: {scheduler: lc, excludeCIDRs: [10.0.0.0/8], strictARP: true, tcpTimeout: 2m}\n"
                + "nftables: {masqueradeAll: true, masqueradeBit: 3, syncPeriod: 1m0s}\n"
                + "conntrack: {maxPerCore: 0, udpTimeout: 250ms}\n");

    assertThat(config.ipvs().scheduler()).isEqualTo("lc");
    assertThat(config.ipvs().excludeCidrs()).hasToString("[10.0.0.0/8]");
    assertThat(config.ipvs().strictArp()).isTrue();
    assertThat(config.ipvs().tcpTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.nftables().masqueradeAll()).isTrue();
    assertThat(config.nftables().masqueradeBit()).isEqualTo(3);
    assertThat(config.nftables().syncPeriod()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.conntrack().maxPerCore()).isZero();
    assertThat(config.conntrack().udpTimeout()).isEqualTo(Duration.ofMillis(250));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "iptables: {syncPeriod: 0s}"
            + "|KubeProxyConfiguration.IPTables.SyncPeriod: Invalid value: 0s: must be greater"
            + " than 0",
        "iptables: {minSyncPeriod: 1m, syncPeriod: 30s}"
            + "|KubeProxyConfiguration.IPTables.SyncPeriod: Invalid value: 1m0s: must be greater"
            + " than or equal to KubeProxyConfiguration.IPTables.MinSyncPeriod",
        "conntrack: {maxPerCore: -1}"
            + "|KubeProxyConfiguration.Conntrack.MaxPerCore: Invalid value: -1: must be greater"
            + " than or equal to 0",
        "conntrack: {tcpCloseWaitTimeout: -1s}"
            + "|KubeProxyConfiguration.Conntrack.TCPCloseWaitTimeout: Invalid value: -1s: must be"
            + " greater than or equal to 0",
        "mode: ipvs; ipvs: {scheduler: fifo}"
            + "|KubeProxyConfiguration.IPVS.Scheduler: Invalid value: \"fifo\": must be in [rr wrr"
            + " lc wlc lblc lblcr sh dh sed nq mh ], blank means the default algorithm method"
            + " (currently rr)",
        "mode: ipvs; ipvs: {excludeCIDRs: [10.0.0.0/33]}"
            + "|KubeProxyConfiguration.IPVS.ExcludeCIDRs: Invalid value: \"10.0.0.0/33\": must be"
            + " a valid IP block",
        "mode: nftables; nftables: {masqueradeBit: 32}"
            + "|KubeProxyConfiguration.NFTables.MasqueradeBit: Invalid value: 32: must be within"
            + " the range [0, 31]",
        "mode: userspace"
            + "|KubeProxyConfiguration.Mode: Unsupported value: \"userspace\": supported values:"
            + " \"iptables\", \"ipvs\", \"nftables\""
      })
  void invalidValuesAreRefusedWithKubeProxysMessage(String fields, String message) {
    // "; " separates the lines of the document
    assertThatThrownBy(() -> parse(fields.replace("; ", "\n") + "\n"))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining(message);
  }

  @Test
  void anErrorNamesTheFileTheLineAndTheField() {
    assertThatThrownBy(() -> parse("conntrack:\n  min: -5\n"))
        .isInstanceOfSatisfying(
            ManifestException.class,
            e -> assertThat(e.location()).hasToString("kp.yaml:4: conntrack.min"));
  }

  @Test
  void aModeKsimLacksIsValidatedBeforeItIsRefused() {
    assertThatThrownBy(() -> parse("mode: ipvs\nipvs: {syncPeriod: 0s}\n"))
        .hasMessageContaining("KubeProxyConfiguration.IPVS.SyncPeriod: Invalid value: 0s");
  }
}
