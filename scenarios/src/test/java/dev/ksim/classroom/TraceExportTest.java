package dev.ksim.classroom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.cluster.Cluster;
import dev.ksim.scenario.Bundled;
import dev.ksim.scenario.Scenario;
import dev.ksim.scenario.ScenarioRunner;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** An exported trace is one file that needs nothing else: no server, no network. */
@Timeout(300)
class TraceExportTest {
  private static Scenario quiz;
  private static TraceExport export;
  private static String to;

  @BeforeAll
  static void trace() {
    quiz = Bundled.named("quiz-clusterip").orElseThrow();
    Cluster cluster = ScenarioRunner.replay(quiz);
    to = quiz.variables().get("app") + ":" + quiz.variables().get("port");
    export = TraceExport.of(cluster, "pod/default/client", to, "tcp", null);
  }

  @Test
  void theExportCarriesThePageItsDataAndNoReferenceToAnythingElse() {
    String page = export.html();
    assertThat(page)
        .contains("window.KSIM_EXPORT = {")
        .contains("\"verdict\" : \"DELIVERED\"")
        .contains("kube-proxy's DNAT rule rewrites the destination")
        .doesNotContain("<script src")
        .doesNotContain("<link")
        .doesNotContainPattern("(src|href|url)[=(]\"?'?(https?:)?//");
    assertThat(page.indexOf("</script>")).isGreaterThan(page.indexOf("window.KSIM_EXPORT"));
  }

  @Test
  void theSvgIsWellFormedAndDrawsEveryHopWithItsAddressesAtEachNat() throws Exception {
    String svg = export.svg();
    assertThat(svg).doesNotContain("<script").doesNotContain("href").doesNotContain("url(");
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    factory.setNamespaceAware(true);
    Document document =
        factory
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    Element root = document.getDocumentElement();
    assertThat(root.getLocalName()).isEqualTo("svg");
    assertThat(root.getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
    assertThat(groups(document, "node")).hasSize(3);

    List<Element> hops = groups(document, "hop");
    // request: client pod, its node, (the endpoint's node,) the endpoint's pod; then back
    assertThat(hops).hasSizeGreaterThanOrEqualTo(4);
    Element first = hops.get(0);
    assertThat(first.getAttribute("data-leg")).isEqualTo("request");
    assertThat(first.getAttribute("data-where")).isEqualTo("pod default/client");
    String clusterIp = first.getAttribute("data-destination-in");
    assertThat(clusterIp).endsWith(":" + quiz.variables().get("port")).doesNotStartWith("10.244.");
    assertThat(svg).contains(clusterIp.substring(0, clusterIp.indexOf(':')) + " ");

    Element dnat =
        hops.stream()
            .filter(h -> h.getAttribute("data-nat").startsWith("DNAT"))
            .findFirst()
            .orElseThrow();
    assertThat(dnat.getAttribute("data-leg")).isEqualTo("request");
    assertThat(dnat.getAttribute("data-where")).startsWith("node ");
    assertThat(dnat.getAttribute("data-destination-in")).isEqualTo(clusterIp);
    String endpoint = dnat.getAttribute("data-destination-out");
    assertThat(endpoint).isNotEqualTo(clusterIp).matches("10\\.244\\.\\d+\\.\\d+:\\d+");

    Element delivered = last(hops, "request");
    assertThat(delivered.getAttribute("data-where")).startsWith("pod default/");
    assertThat(delivered.getAttribute("data-destination-out")).isEqualTo(endpoint);

    Element back = last(hops, "reply");
    assertThat(back.getAttribute("data-where")).isEqualTo("pod default/client");
    assertThat(back.getAttribute("data-source-out")).isEqualTo(clusterIp);
    assertThat(hops.stream().map(h -> h.getAttribute("data-nat")))
        .anyMatch(nat -> nat.startsWith("un-DNAT src " + endpoint + " -> " + clusterIp));

    NodeList rows = document.getElementsByTagNameNS("http://www.w3.org/2000/svg", "text");
    long tableRows =
        elements(rows).stream().filter(t -> t.getAttribute("class").contains("hop-row")).count();
    assertThat(tableRows).isEqualTo(hops.size());
  }

  private static Element last(List<Element> hops, String leg) {
    return hops.stream()
        .filter(h -> h.getAttribute("data-leg").equals(leg))
        .reduce((a, b) -> b)
        .orElseThrow();
  }

  private static List<Element> groups(Document document, String kind) {
    return elements(document.getElementsByTagNameNS("http://www.w3.org/2000/svg", "g")).stream()
        .filter(g -> List.of(g.getAttribute("class").split(" ")).contains(kind))
        .toList();
  }

  private static List<Element> elements(NodeList list) {
    List<Element> out = new ArrayList<>();
    for (int i = 0; i < list.getLength(); i++) {
      out.add((Element) list.item(i));
    }
    return out;
  }
}
