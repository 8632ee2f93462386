package dev.ksim.classroom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.cluster.Cluster;
import dev.ksim.cluster.ClusterOptions;
import dev.ksim.manifest.ManifestLoader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The classroom page on clusters other than the default one, in a real headless Chromium: a cluster
 * whose kube-proxy runs in ipvs mode and one in nftables mode (the event list and the node's state
 * show IPVS's virtual services and nftables' rules and map lookups), and a 20-node cluster whose
 * drawing must stay readable: no two node boxes overlap and every pod's label lies inside its
 * node's box. Screenshots go to target/classroom/. Skipped, saying why, where chromium or
 * chromedriver is missing.
 */
@Tag("browser")
@Timeout(600)
class ClassroomClustersPageTest {
  private static final String CLUSTER_IP = "10.96.50.50";

  private static HeadlessChromium chromium;
  private static WebDriver browser;

  @BeforeAll
  static void start() throws IOException {
    chromium = HeadlessChromium.start();
    browser = chromium.driver();
  }

  @AfterAll
  static void stop() {
    if (chromium != null) {
      chromium.close();
    }
  }

  /** A web Deployment behind a ClusterIP and a client pod, kube-proxy in {@code mode}. */
  private static String application(String mode) {
    return """
        apiVersion: kubeproxy.config.k8s.io/v1alpha1
        kind: KubeProxyConfiguration
        mode: %s
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          replicas: 3
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: web, image: nginx, ports: [{containerPort: 80}]}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          clusterIP: %s
          selector: {app: web}
          ports: [{port: 80}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: client}
        spec:
          containers: [{name: client, image: busybox, command: [sleep, "3600"]}]
        """
        .formatted(mode, CLUSTER_IP);
  }

  private static ClassroomServer serve(String yaml) throws IOException {
    Cluster cluster =
        Cluster.start(ManifestLoader.parse("cluster.yaml", yaml), ClusterOptions.DEFAULT);
    return ClassroomServer.start(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), cluster);
  }

  /** Opens the page on {@code server}, traces the client pod to the ClusterIP; the events. */
  private static List<WebElement> traceClientToWeb(ClassroomServer server) {
    browser.get(server.uri().toString());
    chromium.waitFor(
        "the client pod is listed",
        () ->
            !browser
                .findElements(By.cssSelector("#from option[value='pod/default/client']"))
                .isEmpty());
    new Select(chromium.find("from")).selectByValue("pod/default/client");
    WebElement to = chromium.find("to");
    to.clear();
    to.sendKeys(CLUSTER_IP + ":80");
    chromium.find("trace-btn").click();
    chromium.waitFor(
        "the trace's events are listed",
        () -> !chromium.find("events").findElements(By.tagName("li")).isEmpty());
    assertThat(chromium.find("trace-summary").getText()).contains("verdict DELIVERED");
    return chromium.find("events").findElements(By.tagName("li"));
  }

  private static String nodeRules() {
    chromium.waitFor(
        "the node's rules are shown", () -> !chromium.find("node-rules").getText().isEmpty());
    return chromium.find("node-rules").getText();
  }

  @Test
  void ipvsModeShowsTheVirtualServiceAndTheSchedulersChoice() throws IOException {
    try (ClassroomServer server = serve(application("ipvs"))) {
      List<WebElement> events = traceClientToWeb(server);
      assertThat(browser.findElements(By.cssSelector("g.node")))
          .allSatisfy(n -> assertThat(n.getText()).contains("kube-proxy ipvs"));
      WebElement ipvs =
          events.stream()
              .filter(e -> e.getDomAttribute("data-type").equals("hookFunction"))
              .filter(e -> e.getText().contains("ip_vs"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no IPVS event among " + texts(events)));
      ipvs.click();
      assertThat(chromium.find("why").getText()).contains("and chose 10.244.");
      assertThat(chromium.find("rule-text").getText()).contains(CLUSTER_IP + ":80");
      String rules = nodeRules();
      assertThat(rules).contains("# ipvsadm -Ln").containsPattern("TCP +" + CLUSTER_IP + ":80 rr");
      chromium.screenshot("4-ipvs");
    }
  }

  @Test
  void nftablesModeShowsItsRulesAndMapLookups() throws IOException {
    try (ClassroomServer server = serve(application("nftables"))) {
      List<WebElement> events = traceClientToWeb(server);
      WebElement lookup =
          events.stream()
              .filter(e -> e.getText().contains("map lookup"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no map lookup among " + texts(events)));
      lookup.click();
      assertThat(chromium.find("rule-text").getText()).contains("(map lookup: ").contains("vmap");
      assertThat(chromium.find("why").getText()).contains("looked the packet up in a map");
      String rules = nodeRules();
      assertThat(rules).startsWith("# nft list ruleset").contains("table ip kube-proxy");
      chromium.waitFor(
          "the matched nft rules are highlighted",
          () -> !browser.findElements(By.cssSelector("#node-rules .matched")).isEmpty());
      chromium.screenshot("5-nftables");
    }
  }

  @Test
  void twentyNodesAreDrawnWithoutOverlapAndEveryPodInsideItsNode() throws IOException {
    StringBuilder yaml = new StringBuilder();
    for (int i = 1; i <= 20; i++) {
      yaml.append(
          String.format(
              Locale.ROOT,
              "apiVersion: v1%nkind: Node%nmetadata: {name: worker-%02d}%n"
                  + "status: {addresses: [{type: InternalIP, address: 192.168.90.%d}]}%n---%n",
              i,
              10 + i));
    }
    yaml.append(
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web-frontend-with-a-long-name}
        spec:
          replicas: 30
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: web, image: nginx, ports: [{containerPort: 80}]}]
        """);
    try (ClassroomServer server = serve(yaml.toString())) {
      browser.get(server.uri().toString());
      chromium.waitFor(
          "the cluster is drawn",
          () -> browser.findElements(By.cssSelector("g.node")).size() == 20);
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> nodes =
          (List<Map<String, Object>>)
              ((JavascriptExecutor) browser)
                  .executeScript(
                      """
                      const box = (e) => { const b = e.getBBox(); return [b.x, b.y, b.width, b.height]; };
                      return [...document.querySelectorAll('#cluster g.node')].map((g) => ({
                        name: g.dataset.node,
                        box: box(g.querySelector('rect.box')),
                        labels: [...g.querySelectorAll('text')].map((t) => box(t)),
                        pods: g.querySelectorAll('g.pod').length
                      }));
                      """);
      assertThat(nodes).hasSize(20);
      long pods = nodes.stream().mapToLong(n -> ((Number) n.get("pods")).longValue()).sum();
      assertThat(pods).isGreaterThanOrEqualTo(30);
      for (int i = 0; i < nodes.size(); i++) {
        double[] a = box(nodes.get(i).get("box"));
        for (int j = i + 1; j < nodes.size(); j++) {
          double[] b = box(nodes.get(j).get("box"));
          boolean apart =
              a[0] + a[2] <= b[0]
                  || b[0] + b[2] <= a[0]
                  || a[1] + a[3] <= b[1]
                  || b[1] + b[3] <= a[1];
          assertThat(apart)
              .as("%s and %s overlap", nodes.get(i).get("name"), nodes.get(j).get("name"))
              .isTrue();
        }
        @SuppressWarnings("unchecked")
        List<Object> labels = (List<Object>) nodes.get(i).get("labels");
        for (Object label : labels) {
          double[] t = box(label);
          assertThat(
                  t[0] >= a[0]
                      && t[1] >= a[1]
                      && t[0] + t[2] <= a[0] + a[2]
                      && t[1] + t[3] <= a[1] + a[3])
              .as(
                  "a label of %s (%s) lies outside its box",
                  nodes.get(i).get("name"), Arrays.toString(t))
              .isTrue();
        }
      }
      chromium.screenshot("6-twenty-nodes");
    }
  }

  private static double[] box(Object list) {
    @SuppressWarnings("unchecked")
    List<Number> numbers = (List<Number>) list;
    return numbers.stream().mapToDouble(Number::doubleValue).toArray();
  }

  private static List<String> texts(List<WebElement> events) {
    return events.stream().map(WebElement::getText).toList();
  }
}
