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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

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
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SHOTS = Path.of("target/classroom");
  private static final String STUDENT = "alice";

  private static ClassroomServer server;
  private static WebDriver browser;

  @BeforeAll
  static void start() throws IOException {
    Assumptions.assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "classroom page test skipped: no " + CHROMIUM + " or " + CHROMEDRIVER);
    server =
        ClassroomServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            Bundled.named("quiz-clusterip").orElseThrow());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1600,1100");
    browser =
        new ChromeDriver(
            new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build(),
            options);
    Files.createDirectories(SHOTS);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
  }

  private static WebElement find(String id) {
    return browser.findElement(By.id(id));
  }

  private static void waitFor(String what, java.util.function.BooleanSupplier condition) {
    new WebDriverWait(browser, Duration.ofSeconds(60))
        .withMessage(what)
        .until(b -> condition.getAsBoolean());
  }

  private static void screenshot(String name) throws IOException {
    byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
    Files.write(SHOTS.resolve(name + ".png"), png);
  }

  @Test
  void aStudentTracesAPodToAClusterIpStepsThroughItAndAnswersTheQuiz() throws IOException {
    Scenario alice =
        ScenarioParser.forStudent(Bundled.named("quiz-clusterip").orElseThrow(), STUDENT);
    String app = alice.variables().get("app");
    browser.get(server.uri() + "?student=" + STUDENT);
    waitFor(
        "the cluster is drawn", () -> !browser.findElements(By.cssSelector("g.node")).isEmpty());
    assertThat(browser.findElements(By.cssSelector("g.node"))).hasSize(3);
    for (int step = 0; step < 2; step++) {
      find("next").click();
      int played = step + 1;
      waitFor(
          "step " + played + " played",
          () -> find("scenario-progress").getText().startsWith("step " + played + " "));
    }
    waitFor(
        "the client pod is drawn",
        () -> !browser.findElements(By.cssSelector("g.pod[data-pod='default/client']")).isEmpty());
    screenshot("1-cluster");

    List<WebElement> moments = find("moments").findElements(By.tagName("li"));
    assertThat(moments.get(0).getText()).contains("start");
    assertThat(moments)
        .anyMatch(m -> m.getText().matches("(?s).*endpoints of default/.*10\\.244\\..*"));
    moments.get(0).click();
    waitFor("the cluster is drawn as it was at the start", () -> find("past").isDisplayed());
    assertThat(browser.findElements(By.cssSelector("g.pod[data-pod='default/client']"))).isEmpty();
    find("timeline-now").click();
    waitFor(
        "the cluster is drawn as it is now",
        () -> !browser.findElements(By.cssSelector("g.pod[data-pod='default/client']")).isEmpty());
    assertThat(find("past").isDisplayed()).isFalse();

    new Select(find("from")).selectByValue("pod/default/client");
    String to = find("to").getDomProperty("value");
    assertThat(to).matches("10\\.\\d+\\.\\d+\\.\\d+:" + alice.variables().get("port"));
    find("trace-btn").click();
    waitFor(
        "the trace's events are listed",
        () -> !find("events").findElements(By.tagName("li")).isEmpty());
    Matcher summary =
        Pattern.compile("verdict DELIVERED +endpoint (\\S+)")
            .matcher(find("trace-summary").getText());
    assertThat(summary.find()).as(find("trace-summary").getText()).isTrue();
    String endpoint = summary.group(1);

    List<WebElement> events = find("events").findElements(By.tagName("li"));
    find("first").click();
    String dnatAfter = null;
    String dnatBefore = null;
    for (int i = 0; i < events.size(); i++) {
      assertThat(find("position").getText()).isEqualTo("event " + (i + 1) + " of " + events.size());
      WebElement event = events.get(i);
      if (dnatAfter == null
          && event.getDomAttribute("data-type").equals("nat")
          && event.getText().contains("DNAT")) {
        dnatBefore = find("before-dst").getText();
        dnatAfter = find("after-dst").getText();
        assertThat(find("packet-dst").getText()).isEqualTo(endpoint);
      }
      find("forward").click();
    }
    assertThat(dnatBefore).isEqualTo(to);
    assertThat(dnatAfter).isEqualTo(endpoint);
    WebElement last = events.get(events.size() - 1);
    assertThat(last.getDomAttribute("class")).contains("reply").contains("current");
    assertThat(last.getText()).contains("delivered");
    assertThat(find("packet-src").getText()).isEqualTo(to);

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
    assertThat(find("rule-text").getText())
        .contains("-j KUBE-SVC-")
        .contains("-j DNAT --to-destination " + endpoint);
    assertThat(find("why").getText()).contains("KUBE-SERVICES matched the Service's address");
    waitFor(
        "the node's matched rules are highlighted",
        () -> !browser.findElements(By.cssSelector("#node-rules .matched")).isEmpty());
    screenshot("2-trace");

    KeyedQuestion question =
        ScenarioRunner.answerKey(alice).stream()
            .filter(q -> q.id().equals("endpoints"))
            .findFirst()
            .orElseThrow();
    assertThat(app).isNotEmpty();
    WebElement answer = find("answer-endpoints");
    answer.sendKeys("99");
    find("submit-endpoints").click();
    waitFor("the wrong answer is graded", () -> !find("grade-endpoints").getText().isEmpty());
    assertThat(find("grade-endpoints").getText())
        .isEqualTo("wrong: the answer is " + question.expected());
    answer.clear();
    answer.sendKeys(question.expected());
    find("submit-endpoints").click();
    waitFor("the right answer is graded", () -> find("grade-endpoints").getText().equals("right"));
    assertThat(find("score").getText()).isEqualTo("1 of 2 answers right");
    screenshot("3-quiz");
  }
}
