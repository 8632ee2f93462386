package dev.ksim.classroom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.cluster.Cluster;
import dev.ksim.scenario.Bundled;
import dev.ksim.scenario.Scenario;
import dev.ksim.scenario.ScenarioRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An exported trace is one file that needs nothing else: no server, no network. */
@Timeout(300)
class TraceExportTest {
  @Test
  void theExportCarriesThePageItsDataAndNoReferenceToAnythingElse() {
    Scenario quiz = Bundled.named("quiz-clusterip").orElseThrow();
    Cluster cluster = ScenarioRunner.replay(quiz);
    String to = quiz.variables().get("app") + ":" + quiz.variables().get("port");
    String page = TraceExport.html(cluster, "pod/default/client", to, "tcp", null);
    assertThat(page)
        .contains("window.KSIM_EXPORT = {")
        .contains("\"verdict\" : \"DELIVERED\"")
        .contains("kube-proxy's DNAT rule rewrites the destination")
        .doesNotContain("<script src")
        .doesNotContain("<link")
        .doesNotContainPattern("(src|href|url)[=(]\"?'?(https?:)?//");
    assertThat(page.indexOf("</script>")).isGreaterThan(page.indexOf("window.KSIM_EXPORT"));
  }
}
