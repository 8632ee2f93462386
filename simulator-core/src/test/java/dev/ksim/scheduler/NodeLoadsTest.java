package dev.ksim.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NodeLoadsTest {
  @Test
  void countsPodsPerNodeAndPerOwnerAcrossNodesSeenLater() {
    NodeLoads loads = new NodeLoads();
    int first = loads.slot("node-a");
    loads.add("rs-1", "node-a", 1);
    loads.add(null, "node-a", 1);
    for (int i = 0; i < 40; i++) {
      loads.add(null, "node-" + i, 1);
    }
    loads.add("rs-1", "node-39", 1);
    loads.add("rs-1", "node-a", -1);

    int last = loads.slot("node-39");
    assertThat(loads.slot("node-a")).isEqualTo(first);
    assertThat(loads.pods(first)).isEqualTo(1);
    assertThat(loads.pods(last)).isEqualTo(2);
    assertThat(loads.ofOwner("rs-1")[first]).isZero();
    assertThat(loads.ofOwner("rs-1")[last]).isEqualTo(1);
    assertThat(loads.ofOwner("rs-2")).isEmpty();
    assertThat(loads.ofOwner(null)).isEmpty();
  }
}
