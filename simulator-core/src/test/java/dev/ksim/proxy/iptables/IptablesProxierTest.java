package dev.ksim.proxy.iptables;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IptablesProxierTest {
  @Test
  void probabilitiesAreWrittenAsGoPrintsThemWithTenDecimals() {
    // fmt.Sprintf("%0.10f", 1.0/float64(n)) in upstream's proxier
    assertThat(IptablesProxier.probability(2)).isEqualTo("0.5000000000");
    assertThat(IptablesProxier.probability(3)).isEqualTo("0.3333333333");
    assertThat(IptablesProxier.probability(6)).isEqualTo("0.1666666667");
    assertThat(IptablesProxier.probability(2048)).isEqualTo("0.0004882812");
  }

  @Test
  void theProbabilitiesKeptAreTheOnesWorkedOut() {
    for (int n = 1; n <= 300; n++) {
      assertThat(IptablesProxier.probability(n)).isEqualTo(IptablesProxier.exactProbability(n));
    }
    assertThat(IptablesProxier.probability(1)).isEqualTo("1.0000000000");
    assertThat(IptablesProxier.probability(256)).isEqualTo("0.0039062500");
  }
}
