package dev.ksim.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code kubectl logs} reads of each container, and what a removed pod takes with it. */
class ContainerLogsTest {
  private final ContainerLogs logs = new ContainerLogs();

  @Test
  void aRestartKeepsThePreviousInstancesLines() {
    logs.started("default", "web", "nginx", List.of("first"));

    assertThat(logs.current("default", "web", "nginx")).contains(List.of("first"));
    assertThat(logs.previous("default", "web", "nginx")).isEmpty();

    logs.started("default", "web", "nginx", List.of("second"));
    logs.started("default", "web", "nginx", List.of("third"));

    assertThat(logs.current("default", "web", "nginx")).contains(List.of("third"));
    assertThat(logs.previous("default", "web", "nginx")).contains(List.of("second"));
  }

  @Test
  void eachContainerOfAPodHasItsOwnLogs() {
    logs.started("default", "web", "nginx", List.of("serving"));
    logs.started("default", "web", "sidecar", List.of("watching"));
    logs.started("default", "web", "nginx", List.of("serving again"));

    assertThat(logs.current("default", "web", "sidecar")).contains(List.of("watching"));
    assertThat(logs.previous("default", "web", "sidecar")).isEmpty();
    assertThat(logs.current("default", "web", "nginx")).contains(List.of("serving again"));
    assertThat(logs.previous("default", "web", "nginx")).contains(List.of("serving"));
    assertThat(logs.current("default", "web", "absent")).isEmpty();
  }

  /** A removed pod's containers go; a pod whose name it begins, or of another namespace, stays. */
  @Test
  void aRemovedPodTakesAllItsContainersLogsAndNoOthers() {
    logs.started("default", "web", "nginx", List.of("a"));
    logs.started("default", "web", "sidecar", List.of("b"));
    logs.started("default", "web-1", "nginx", List.of("c"));
    logs.started("other", "web", "nginx", List.of("d"));

    logs.removed("default", "web");

    assertThat(logs.current("default", "web", "nginx")).isEmpty();
    assertThat(logs.current("default", "web", "sidecar")).isEmpty();
    assertThat(logs.current("default", "web-1", "nginx")).contains(List.of("c"));
    assertThat(logs.current("other", "web", "nginx")).contains(List.of("d"));
  }

  /** A pod created again under a removed one's name starts with no previous instance. */
  @Test
  void aPodOfTheSameNameAfterARemovalStartsAfresh() {
    logs.started("default", "web", "nginx", List.of("old"));
    logs.removed("default", "web");
    logs.started("default", "web", "nginx", List.of("new"));

    assertThat(logs.current("default", "web", "nginx")).contains(List.of("new"));
    assertThat(logs.previous("default", "web", "nginx")).isEmpty();
  }
}
