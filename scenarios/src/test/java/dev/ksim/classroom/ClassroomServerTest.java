package dev.ksim.classroom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.scenario.Bundled;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The classroom's JSON API over real HTTP: what it answers, and what it refuses and how. */
@Timeout(300)
class ClassroomServerTest {
  private static ClassroomServer server;
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    server =
        ClassroomServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            Bundled.named("quiz-clusterip").orElseThrow());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> call(String method, String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server.uri() + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void itListensOnLoopbackAndServesThePageFromTheJar() throws Exception {
    assertThat(server.uri().getHost()).isEqualTo("127.0.0.1");
    HttpResponse<String> page = call("GET", "");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<script src=\"app.js\">");
    assertThat(call("GET", "app.js").headers().firstValue("Content-Type"))
        .hasValue("text/javascript; charset=utf-8");
    assertThat(call("GET", "../pom.xml").statusCode()).isEqualTo(404);
  }

  @Test
  void eachStudentHasTheirOwnClusterAndTheSimulationMovesOnlyOnPost() throws Exception {
    HttpResponse<String> alice = call("GET", "api/cluster?student=alice");
    assertThat(alice.statusCode()).isEqualTo(200);
    assertThat(alice.body()).contains("\"position\" : 0");
    assertThat(call("GET", "api/next?student=alice").statusCode()).isEqualTo(405);
    assertThat(call("POST", "api/next?student=alice").body()).contains("\"position\" : 1");
    assertThat(call("GET", "api/cluster?student=bob").body()).contains("\"position\" : 0");
    assertThat(call("GET", "api/cluster?student=alice").body()).contains("\"position\" : 1");
  }

  @Test
  void theTimelineRecordsStepsPodsAndEndpointsAndKeepsEachMomentsCluster() throws Exception {
    assertThat(call("GET", "api/timeline?student=carol").body())
        .contains("\"kind\" : \"start\"")
        .doesNotContain("\"kind\" : \"endpoints\"");
    call("POST", "api/next?student=carol");
    call("POST", "api/next?student=carol");
    String timeline = call("GET", "api/timeline?student=carol").body();
    assertThat(timeline)
        .contains("\"kind\" : \"step\"")
        .contains("\"text\" : \"step 1")
        .contains("\"kind\" : \"pod\"")
        .contains("\"kind\" : \"sync\"")
        .containsPattern("\"text\" : \"endpoints of default/\\S+: 10\\.244\\.");
    // the first moment is the cluster before the scenario's pods; the last has them
    String start = call("GET", "api/moment?student=carol&index=0").body();
    assertThat(start).contains("\"rules\" : {").doesNotContain("\"name\" : \"client\"");
    int last = timeline.split("\"index\" : ").length - 2;
    String end = call("GET", "api/moment?student=carol&index=" + last).body();
    assertThat(end).contains("\"name\" : \"client\"").contains("-j KUBE-SVC-");
    assertThat(call("GET", "api/moment?student=carol&index=" + (last + 1)).body())
        .contains("no moment " + (last + 1));
  }

  @Test
  void theLastTraceDownloadsAsAnSvgPicture() throws Exception {
    assertThat(call("GET", "api/trace.svg?student=dave").body()).contains("trace a packet first");
    call("POST", "api/next?student=dave");
    call("POST", "api/next?student=dave");
    assertThat(
            call("POST", "api/trace?student=dave&from=pod/default/client&to=10.96.0.1:443")
                .statusCode())
        .isEqualTo(200);
    HttpResponse<String> svg = call("GET", "api/trace.svg?student=dave");
    assertThat(svg.headers().firstValue("Content-Type")).hasValue("image/svg+xml");
    assertThat(svg.body()).startsWith("<?xml").contains("class=\"hop hop-request\"");
  }

  @Test
  void badRequestsAreRefusedWithTheirReason() throws Exception {
    HttpResponse<String> seed = call("GET", "api/cluster?seed=-3");
    assertThat(seed.statusCode()).isEqualTo(400);
    assertThat(seed.body()).contains("a seed is a whole number");
    assertThat(call("GET", "api/nothing").statusCode()).isEqualTo(404);
    HttpResponse<String> trace = call("POST", "api/trace?from=pod/default/client");
    assertThat(trace.statusCode()).isEqualTo(400);
    assertThat(trace.body()).contains("to is required");
    HttpResponse<String> answer = call("POST", "api/answer?id=nope&answer=1");
    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.body()).contains("no question nope");
  }
}
