package dev.ksim.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ObjectUidsTest {
  @Test
  void givesTheNameBasedUuidsOfKsimAndTheCounterInOrder() {
    ObjectUids uids = new ObjectUids();
    for (int i = 1; i <= 2000; i++) {
      String expected =
          UUID.nameUUIDFromBytes(("ksim/" + i).getBytes(StandardCharsets.UTF_8)).toString();
      assertThat(uids.next()).isEqualTo(expected);
    }
  }

  @Test
  void eachStoreCountsFromOne() {
    String first = new ObjectUids().next();
    assertThat(new ObjectUids().next()).isEqualTo(first);
    assertThat(UUID.fromString(first).version()).isEqualTo(3);
  }
}
