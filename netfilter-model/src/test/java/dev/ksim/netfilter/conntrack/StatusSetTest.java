package dev.ksim.netfilter.conntrack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.collect.Sets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The shared status sets behave as the immutable enum sets a copy of the same flags made before.
 */
class StatusSetTest {
  @Test
  void eachCombinationIsTheSetItsCopyWouldBe() {
    for (Set<CtStatus> flags : Sets.powerSet(EnumSet.allOf(CtStatus.class))) {
      Set<CtStatus> copy = Sets.immutableEnumSet(flags);
      Set<CtStatus> shared =
          StatusSet.of(EnumSet.copyOf(flags.isEmpty() ? EnumSet.noneOf(CtStatus.class) : flags));

      assertThat(shared).isEqualTo(copy).hasSameHashCodeAs(copy).hasSize(copy.size());
      assertThat(copy).isEqualTo(shared);
      assertThat(List.copyOf(shared)).isEqualTo(List.copyOf(copy));
      assertThat(shared.toString()).isEqualTo(copy.toString());
      assertThat(StatusSet.of(shared)).isSameAs(shared);
      assertThat(StatusSet.of(copy)).isSameAs(shared);
      for (CtStatus flag : CtStatus.values()) {
        assertThat(shared.contains(flag)).isEqualTo(copy.contains(flag));
        Set<CtStatus> more = EnumSet.of(flag);
        more.addAll(flags);
        assertThat(StatusSet.with(shared, flag))
            .isEqualTo(Sets.immutableEnumSet(more))
            .isSameAs(StatusSet.of(more));
      }
      assertThatThrownBy(() -> shared.add(CtStatus.CONFIRMED))
          .isInstanceOf(UnsupportedOperationException.class);
      if (!shared.isEmpty()) {
        assertThatThrownBy(shared::clear).isInstanceOf(UnsupportedOperationException.class);
      }
    }
  }
}
