package dev.ksim.netfilter.conntrack;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.Sets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The shared status sets are the sets a copy of the same flags made before. */
class StatusSetsTest {
  @Test
  void eachCombinationIsTheSetItsCopyWouldBe() {
    for (Set<CtStatus> flags : Sets.powerSet(EnumSet.allOf(CtStatus.class))) {
      Set<CtStatus> copy = Sets.immutableEnumSet(flags);
      Set<CtStatus> shared =
          StatusSets.of(EnumSet.copyOf(flags.isEmpty() ? EnumSet.noneOf(CtStatus.class) : flags));

      assertThat(shared).isEqualTo(copy).hasSameClassAs(copy);
      assertThat(List.copyOf(shared)).isEqualTo(List.copyOf(copy));
      assertThat(shared.toString()).isEqualTo(copy.toString());
      for (CtStatus flag : CtStatus.values()) {
        Set<CtStatus> more = EnumSet.of(flag);
        more.addAll(flags);
        assertThat(StatusSets.with(shared, flag)).isEqualTo(Sets.immutableEnumSet(more));
      }
    }
  }
}
