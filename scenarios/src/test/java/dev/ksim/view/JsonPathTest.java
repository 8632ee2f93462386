package dev.ksim.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * jsonpath templates against what the real kubectl (v1.32.4) printed for {@code kubectl config view
 * -o jsonpath=…} on the kubeconfig below (the same printer as {@code kubectl get}).
 */
class JsonPathTest {
  private static final JsonNode CONFIG =
      parse(
          """
          {"kind":"Config","apiVersion":"v1","preferences":{},"current-context":"ctx1",
           "clusters":[{"name":"c1","cluster":{"server":"https://10.0.0.1:6443"}},
                       {"name":"c2","cluster":{"server":"https://10.0.0.2:6443"}}],
           "contexts":[{"name":"ctx1","context":{"user":"u1","cluster":"c1"}},
                       {"name":"ctx2","context":{"user":"u1","namespace":"kube-system","cluster":"c2"}}],
           "users":[{"name":"u1","user":{"token":"REDACTED"}}]}
          """);

  private static JsonNode parse(String json) {
    try {
      return new ObjectMapper().readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String run(String template) {
    return JsonPath.parse(template).execute(CONFIG);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "{.contexts[*].name}| ctx1 ctx2",
        "{.clusters[?(@.name==\"c2\")].cluster.server}| https://10.0.0.2:6443",
        "{.contexts[?(@.context.namespace=='kube-system')].name}| ctx2",
        "{.clusters[?(@.name!=\"c2\")].name}| c1",
        "{.contexts[1].context}| {\"cluster\":\"c2\",\"namespace\":\"kube-system\",\"user\":\"u1\"}",
        "{.contexts[0]}| {\"context\":{\"cluster\":\"c1\",\"user\":\"u1\"},\"name\":\"ctx1\"}",
        "{.contexts[*].context.namespace}| kube-system",
        "{.contexts[-1].name}| ctx2",
        "{.contexts[0:1].name}| ctx1",
        "hello| hello",
        "{$.kind}| Config",
        "{.preferences}| {}",
        "{.current-context}| ctx1",
      })
  void printsWhatKubectlPrints(String template, String expected) {
    assertThat(run(template)).isEqualTo(expected.strip());
  }

  @Test
  void missingFieldsPrintNothingAndLiteralsPrintAsTheyAre() {
    assertThat(run("{.nope}")).isEmpty();
    assertThat(run("{.kind} x {.contexts[0].context.namespace}|{.nope.deeper}"))
        .isEqualTo("Config x |");
  }

  @Test
  void rangeRunsItsBodyPerResult() {
    assertThat(run("{range .contexts[*]}{.name}{\"\\t\"}{.context.namespace}{\"\\n\"}{end}"))
        .isEqualTo("ctx1\t\nctx2\tkube-system\n");
  }

  @Test
  void listsPrintAsCompactJson() {
    assertThat(run("{.contexts}"))
        .isEqualTo(
            "[{\"context\":{\"cluster\":\"c1\",\"user\":\"u1\"},\"name\":\"ctx1\"},"
                + "{\"context\":{\"cluster\":\"c2\",\"namespace\":\"kube-system\",\"user\":\"u1\"},"
                + "\"name\":\"ctx2\"}]");
  }

  @Test
  void escapedDotsAreOneKey() {
    JsonNode pod =
        parse(
            "{\"metadata\":{\"annotations\":{\"kubectl.kubernetes.io/last-applied-configuration\":"
                + "\"{\\\"a\\\":1}\\n\"}}}");

    assertThat(
            JsonPath.parse(
                    "{.metadata.annotations.kubectl\\.kubernetes\\.io/last-applied-configuration}")
                .execute(pod))
        .isEqualTo("{\"a\":1}\n");
  }

  @Test
  void anIndexOutsideTheListIsKubectlsError() {
    assertThatThrownBy(() -> run("{.contexts[5].name}"))
        .hasMessage(
            "error executing jsonpath \"{.contexts[5].name}\": Error executing template: array"
                + " index out of bounds: index 5, length 2. Printing more information for"
                + " debugging the template:\n\ttemplate was:\n\t\t{.contexts[5].name}");
  }

  @Test
  void anUnclosedActionIsKubectlsParseError() {
    assertThatThrownBy(() -> JsonPath.parse("{.contexts[0].name"))
        .hasMessage("error parsing jsonpath {.contexts[0].name, unclosed action");
  }

  @Test
  void customColumnsAlignLikeKubectlsTablesWithNoneForMissingValues() {
    CustomColumns columns =
        CustomColumns.parse("NAME:.name,namespace:context.namespace,CLUSTER:{.context.cluster}");
    java.util.List<JsonNode> rows = new java.util.ArrayList<>();
    CONFIG.get("contexts").forEach(rows::add);

    assertThat(columns.render(rows, false))
        .isEqualTo(
            "NAME   namespace     CLUSTER\n"
                + "ctx1   <none>        c1\n"
                + "ctx2   kube-system   c2\n");
    assertThat(columns.render(rows, true))
        .isEqualTo("ctx1   <none>        c1\nctx2   kube-system   c2\n");
  }

  @Test
  void customColumnsJoinSeveralValuesWithCommasAndPrintMapsAsGoDoes() {
    CustomColumns columns = CustomColumns.parse("NAMES:.contexts[*].name,PREFS:.users[0].user");

    assertThat(columns.render(java.util.List.of(CONFIG), false))
        .isEqualTo("NAMES       PREFS\nctx1,ctx2   map[token:REDACTED]\n");
  }

  @Test
  void aSpecWithoutAPathIsKubectlsError() {
    assertThatThrownBy(() -> CustomColumns.parse("NAME"))
        .hasMessage("unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>");
  }
}
