package dev.ksim.classroom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.scenario.Bundled;
import dev.ksim.scenario.KeyedQuestion;
import dev.ksim.scenario.Scenario;
import dev.ksim.scenario.ScenarioParser;
import dev.ksim.scenario.ScenarioRunner;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The classroom page in a real headless Chromium (Debian's chromium and chromium-driver, which
 * .ci/run installs): the bundled quiz's cluster for one student, a pod-to-ClusterIP trace stepped
 * through event by event with the addresses checked at the DNAT and on the reply, a rule's detail,
 * and a quiz answer graded wrong then right. Screenshots go to target/classroom/. Skipped, saying
 * why, where chromium or chromedriver is missing.
 */
@Tag("browser")
@Timeout(600)
class ClassroomPageTest {
  private static final String STUDENT = "alice";

  private static ClassroomServer server;
  private static HeadlessChromium chromium;
  private static WebDriver browser;

  @BeforeAll
  static void start() throws IOException {
    server =
        ClassroomServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            Bundled.named("quiz-clusterip").orElseThrow());
    chromium = HeadlessChromium.start();
    browser = chromium.driver();
  }

  @AfterAll
  static void stop() {
    if (chromium != null) {
      chromium.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aStudentTracesAPodToAClusterIpStepsThroughItAndAnswersTheQuiz() throws IOException {
    Scenario alice =
        ScenarioParser.forStudent(Bundled.named("quiz-clusterip").orElseThrow(), STUDENT);
    String app = alice.variables().get("app");
    browser.get(server.uri() + "?student=" + STUDENT);
    chromium.waitFor(
        "the cluster is drawn", () -> !browser.findElements(By.cssSelector("g.node")).isEmpty());
    assertThat(browser.findElements(By.cssSelector("g.node"))).hasSize(3);
    for (int step = 0; step < 2; step++) {
      chromium.find("next").click();
      int played = step + 1;
      chromium.waitFor(
          "step " + played + " played",
          () -> chromium.find("scenario-progress").getText().startsWith("step " + played + " "));
    }
    chromium.waitFor(
        "the client pod is drawn",
        () -> !browser.findElements(By.cssSelector("g.pod[data-pod='default/client']")).isEmpty());
    chromium.screenshot("1-cluster");

    List<WebElement> moments = chromium.find("moments").findElements(By.tagName("li"));
    assertThat(moments.get(0).getText()).contains("start");
    assertThat(moments)
        .anyMatch(m -> m.getText().matches("(?s).*endpoints of default/.*10\\.244\\..*"));
    moments.get(0).click();
    chromium.waitFor(
        "the cluster is drawn as it was at the start", () -> chromium.find("past").isDisplayed());
    assertThat(browser.findElements(By.cssSelector("g.pod[data-pod='default/client']"))).isEmpty();
    chromium.find("timeline-now").click();
    chromium.waitFor(
        "the cluster is drawn as it is now",
        () -> !browser.findElements(By.cssSelector("g.pod[data-pod='default/client']")).isEmpty());
    assertThat(chromium.find("past").isDisplayed()).isFalse();

    new Select(chromium.find("from")).selectByValue("pod/default/client");
    String to = chromium.find("to").getDomProperty("value");
    assertThat(to).matches("10\\.\\d+\\.\\d+\\.\\d+:" + alice.variables().get("port"));
    chromium.find("trace-btn").click();
    chromium.waitFor(
        "the trace's events are listed",
        () -> !chromium.find("events").findElements(By.tagName("li")).isEmpty());
    Matcher summary =
        Pattern.compile("verdict DELIVERED +endpoint (\\S+)")
            .matcher(chromium.find("trace-summary").getText());
    assertThat(summary.find()).as(chromium.find("trace-summary").getText()).isTrue();
    String endpoint = summary.group(1);

    List<WebElement> events = chromium.find("events").findElements(By.tagName("li"));
    chromium.find("first").click();
    String dnatAfter = null;
    String dnatBefore = null;
    for (int i = 0; i < events.size(); i++) {
      assertThat(chromium.find("position").getText())
          .isEqualTo("event " + (i + 1) + " of " + events.size());
      WebElement event = events.get(i);
      if (dnatAfter == null
          && event.getDomAttribute("data-type").equals("nat")
          && event.getText().contains("DNAT")) {
        dnatBefore = chromium.find("before-dst").getText();
        dnatAfter = chromium.find("after-dst").getText();
        assertThat(chromium.find("packet-dst").getText()).isEqualTo(endpoint);
      }
      chromium.find("forward").click();
    }
    assertThat(dnatBefore).isEqualTo(to);
    assertThat(dnatAfter).isEqualTo(endpoint);
    WebElement last = events.get(events.size() - 1);
    assertThat(last.getDomAttribute("class")).contains("reply").contains("current");
    assertThat(last.getText()).contains("delivered");
    assertThat(chromium.find("packet-src").getText()).isEqualTo(to);

    WebElement rules =
        events.stream()
            .filter(
                e ->
                    e.getText().contains("PREROUTING hook")
                        && e.getDomAttribute("class").contains("request"))
            .filter(e -> !e.getText().contains("pod"))
            .findFirst()
            .orElseThrow();
    rules.click();
    assertThat(chromium.find("rule-text").getText())
        .contains("-j KUBE-SVC-")
        .contains("-j DNAT --to-destination " + endpoint);
    assertThat(chromium.find("why").getText())
        .contains("KUBE-SERVICES matched the Service's address");
    chromium.waitFor(
        "the node's matched rules are highlighted",
        () -> !browser.findElements(By.cssSelector("#node-rules .matched")).isEmpty());
    chromium.screenshot("2-trace");

    KeyedQuestion question =
        ScenarioRunner.answerKey(alice).stream()
            .filter(q -> q.id().equals("endpoints"))
            .findFirst()
            .orElseThrow();
    assertThat(app).isNotEmpty();
    WebElement answer = chromium.find("answer-endpoints");
    answer.sendKeys("99");
    chromium.find("submit-endpoints").click();
    chromium.waitFor(
        "the wrong answer is graded", () -> !chromium.find("grade-endpoints").getText().isEmpty());
    assertThat(chromium.find("grade-endpoints").getText())
        .isEqualTo("wrong: the answer is " + question.expected());
    answer.clear();
    answer.sendKeys(question.expected());
    chromium.find("submit-endpoints").click();
    chromium.waitFor(
        "the right answer is graded",
        () -> chromium.find("grade-endpoints").getText().equals("right"));
    assertThat(chromium.find("score").getText()).isEqualTo("1 of 2 answers right");
    chromium.screenshot("3-quiz");
  }
}
