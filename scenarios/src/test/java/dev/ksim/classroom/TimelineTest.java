package dev.ksim.classroom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ksim.scenario.Bundled;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The timeline of a rolling update (tutorial 14) played step by step as the page plays it: each
 * moment's snapshot shows which ReplicaSet's pods are the Service's ready endpoints, so scrubbing
 * shows traffic moving from the old pods to the new ones.
 */
@Timeout(300)
class TimelineTest {
  @Test
  void aRollingUpdateMovesTheServicesEndpointsFromTheOldReplicaSetToTheNew() {
    Lesson lesson = Lesson.of(Bundled.named("rolling-update").orElseThrow(), "");
    int steps = lesson.cluster().path("scenario").path("steps").asInt();
    for (int i = 0; i < steps; i++) {
      lesson.next();
    }
    JsonNode moments = lesson.timeline().path("moments");
    assertThat(lesson.timeline().path("dropped").asInt()).isZero();
    List<Set<String>> replicaSets = new ArrayList<>();
    List<Integer> at = new ArrayList<>();
    for (JsonNode moment : moments) {
      if (moment.path("text").asText().startsWith("endpoints of default/web: ")) {
        Set<String> sets = readyReplicaSets(lesson.moment(moment.path("index").asInt()));
        if (!sets.isEmpty()) {
          replicaSets.add(sets);
          at.add(moment.path("index").asInt());
        }
      }
    }
    assertThat(replicaSets).hasSizeGreaterThanOrEqualTo(3);
    Set<String> first = replicaSets.get(0);
    Set<String> last = replicaSets.get(replicaSets.size() - 1);
    assertThat(first).hasSize(1);
    assertThat(last).hasSize(1).doesNotContainAnyElementsOf(first);
    int mixed = replicaSets.indexOf(union(first, last));
    assertThat(mixed).as("a moment when both ReplicaSets serve: %s", replicaSets).isPositive();
    assertThat(moments)
        .anyMatch(
            m ->
                m.path("kind").asText().equals("sync")
                    && m.path("index").asInt() > at.get(mixed - 1));
    assertThat(moments)
        .anyMatch(
            m ->
                m.path("kind").asText().equals("event")
                    && m.path("text").asText().contains("ScalingReplicaSet"));
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> both = new TreeSet<>(a);
    both.addAll(b);
    return both;
  }

  /** The ReplicaSets (pod name less its last part) whose pods are web's ready endpoints. */
  private static Set<String> readyReplicaSets(JsonNode moment) {
    Map<String, String> podByIp = new TreeMap<>();
    for (JsonNode node : moment.path("cluster").path("nodes")) {
      for (JsonNode pod : node.path("pods")) {
        podByIp.put(pod.path("ip").asText(), pod.path("name").asText());
      }
    }
    Set<String> sets = new TreeSet<>();
    for (JsonNode service : moment.path("cluster").path("services")) {
      if (!service.path("name").asText().equals("web")) {
        continue;
      }
      for (JsonNode endpoint : service.path("endpoints")) {
        String pod = podByIp.get(endpoint.asText());
        if (pod != null) {
          sets.add(pod.substring(0, pod.lastIndexOf('-')));
        }
      }
    }
    return sets;
  }
}
