package dev.ksim.scheduler;

import static dev.ksim.testing.TestClusters.deployment;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ksim.api.pod.PodUtil;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.cluster.Cluster;
import dev.ksim.testing.TestClusters;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The scheduler keeps the node list it read for the next pods; these check that it reads the nodes
 * again after each change of one (cordon, taint, uncordon), as listing them per pod did.
 */
@Timeout(60)
class PodSchedulerTest {
  /**
   * The binding's PodScheduled condition, made with the constructor, is the builder's: equal, and
   * the same JSON (the timestamp in lastTransitionTime, no additional properties).
   */
  @Test
  void scheduledConditionIsTheBuildersOne() throws Exception {
    PodCondition built =
        new PodConditionBuilder()
            .withType("PodScheduled")
            .withStatus("True")
            .withLastTransitionTime("2026-01-01T00:00:00Z")
            .build();

    PodCondition made = PodScheduler.scheduledCondition("2026-01-01T00:00:00Z");

    ObjectMapper json = new ObjectMapper();
    assertThat(made).isEqualTo(built);
    assertThat(json.writeValueAsString(made)).isEqualTo(json.writeValueAsString(built));
  }

  private static Map<String, Integer> podsPerNode(Cluster cluster) {
    Map<String, Integer> perNode = new TreeMap<>();
    for (Pod pod : TestClusters.pods(cluster, "default")) {
      perNode.merge(PodUtil.nodeName(pod), 1, Integer::sum);
    }
    return perNode;
  }

  private static void scale(Cluster cluster, int replicas) {
    cluster
        .store()
        .modify(ResourceType.DEPLOYMENT, "default", "web", d -> d.getSpec().setReplicas(replicas));
    cluster.runUntilQuiet();
  }

  /** Marks k8s-node02 unschedulable, or schedulable again. */
  private static void cordon(Cluster cluster, boolean unschedulable) {
    cluster
        .store()
        .modify(
            ResourceType.NODE, "", "k8s-node02", n -> n.getSpec().setUnschedulable(unschedulable));
  }

  @Test
  void podsAvoidANodeCordonedAfterEarlierPodsWereScheduledAndReturnOnceItIsUncordoned() {
    Cluster cluster = TestClusters.start(deployment("web", 2));
    assertThat(podsPerNode(cluster))
        .containsExactly(Map.entry("k8s-node01", 1), Map.entry("k8s-node02", 1));

    cordon(cluster, true);
    scale(cluster, 5);
    assertThat(podsPerNode(cluster))
        .containsExactly(Map.entry("k8s-node01", 4), Map.entry("k8s-node02", 1));

    cordon(cluster, false);
    scale(cluster, 8);
    assertThat(podsPerNode(cluster))
        .containsExactly(Map.entry("k8s-node01", 4), Map.entry("k8s-node02", 4));
  }

  @Test
  void aNodeTaintedBetweenTwoScaleUpsTakesNoneOfTheSecondsPods() {
    Cluster cluster = TestClusters.start(deployment("web", 2));
    cluster
        .store()
        .modify(
            ResourceType.NODE,
            "",
            "k8s-node01",
            n -> n.getSpec().setTaints(List.of(new Taint("NoSchedule", "dedicated", null, "db"))));
    scale(cluster, 6);

    assertThat(podsPerNode(cluster))
        .containsExactly(Map.entry("k8s-node01", 1), Map.entry("k8s-node02", 5));
  }
}
