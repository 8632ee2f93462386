package dev.ksim.image.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

class DataStoresTest {
  private static Pod pod(Container container, String volumes) {
    PodBuilder pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("redis-0")
            .withNamespace("db")
            .withUid("uid-1")
            .endMetadata()
            .withNewSpec()
            .withContainers(container)
            .endSpec()
            .withNewStatus()
            .withContainerStatuses(
                new ContainerStatusBuilder().withName("redis").withRestartCount(2).build())
            .endStatus();
    if (volumes.equals("pvc")) {
      pod.editSpec()
          .addNewVolume()
          .withName("data")
          .withNewPersistentVolumeClaim()
          .withClaimName("data-redis-0")
          .endPersistentVolumeClaim()
          .endVolume()
          .endSpec();
    } else if (volumes.equals("emptyDir")) {
      pod.editSpec()
          .addNewVolume()
          .withName("data")
          .withNewEmptyDir()
          .endEmptyDir()
          .endVolume()
          .endSpec();
    }
    return pod.build();
  }

  private static Container redis(String mountPath) {
    ContainerBuilder container = new ContainerBuilder().withName("redis").withImage("redis");
    if (!mountPath.isEmpty()) {
      container.addNewVolumeMount().withName("data").withMountPath(mountPath).endVolumeMount();
    }
    return container.build();
  }

  @Test
  void withoutAVolumeTheDataLivesAsLongAsTheContainerInstance() {
    assertThat(DataStores.location(pod(redis(""), ""), redis(""), "/data"))
        .isEqualTo("container:uid-1/redis#2");
  }

  @Test
  void aClaimMountedAtTheDataDirKeepsTheDataBeyondThePod() {
    Container container = redis("/data");

    assertThat(DataStores.location(pod(container, "pvc"), container, "/data"))
        .isEqualTo("pvc:db/data-redis-0");
  }

  @Test
  void aVolumeAboveTheDataDirHoldsItAndAnEmptyDirLivesWithThePod() {
    Container container = redis("/data");

    assertThat(DataStores.location(pod(container, "emptyDir"), container, "/data/db"))
        .isEqualTo("volume:uid-1/data");
  }

  @Test
  void aVolumeElsewhereDoesNotHoldTheData() {
    Container container = redis("/config");

    assertThat(DataStores.location(pod(container, "emptyDir"), container, "/data"))
        .startsWith("container:");
  }
}
