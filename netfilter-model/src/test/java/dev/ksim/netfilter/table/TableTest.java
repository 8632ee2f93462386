package dev.ksim.netfilter.table;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.netfilter.hook.Hook;
import org.junit.jupiter.api.Test;

class TableTest {
  @Test
  void eachTableHasTheKernelsPriorityNatsDnatHalfBeforeFilterAndItsSnatHalfAfter() {
    for (Hook hook : Hook.values()) {
      boolean destinationHalf = hook == Hook.PREROUTING || hook == Hook.OUTPUT;
      assertThat(Table.RAW.priority(hook)).isEqualTo(-300);
      assertThat(Table.MANGLE.priority(hook)).isEqualTo(-150);
      assertThat(Table.NAT.priority(hook)).isEqualTo(destinationHalf ? -100 : 100);
      assertThat(Table.FILTER.priority(hook)).isEqualTo(0);
    }
    assertThat(Table.at(Hook.OUTPUT))
        .containsExactly(Table.RAW, Table.MANGLE, Table.NAT, Table.FILTER);
    assertThat(Table.at(Hook.INPUT)).containsExactly(Table.MANGLE, Table.FILTER, Table.NAT);
    assertThat(Table.at(Hook.POSTROUTING)).containsExactly(Table.MANGLE, Table.NAT);
  }
}
