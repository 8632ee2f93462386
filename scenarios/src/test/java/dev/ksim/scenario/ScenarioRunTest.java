package dev.ksim.scenario;

import static dev.ksim.cli.KsimCommandTest.ksim;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ksim.cli.KsimCommand;
import dev.ksim.cli.KsimCommandTest;
import dev.ksim.scenario.shell.CommandLines;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The bundled tutorials pass, wrong expectations fail, and malformed scenarios are refused. */
@Timeout(300)
class ScenarioRunTest {
  static List<String> tutorials() {
    return Bundled.all().stream().map(Scenario::name).toList();
  }

  @ParameterizedTest
  @MethodSource("tutorials")
  void everyBundledTutorialPasses(String name) {
    KsimCommandTest.Run run = ksim("run", name);

    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains(" failed").doesNotContain("[FAIL]");
  }

  @Test
  void theBundledScenariosAreTheTutorialsThenTheQuiz() {
    KsimCommandTest.Run list = ksim("scenarios", "list");

    assertThat(tutorials()).hasSize(28).doesNotHaveDuplicates();
    assertThat(list.out().lines()).hasSize(28).last().asString().startsWith("quiz-clusterip");
    assertThat(ksim("scenarios", "show", "clusterip").out()).startsWith("name: clusterip\n");
  }

  @Test
  void aRunIsTheSameEveryTime() {
    assertThat(ksim("run", "session-affinity").out())
        .isEqualTo(ksim("run", "session-affinity").out());
  }

  @Test
  void aWrongExpectationFailsTheRunAndSaysWhere(@TempDir Path dir) throws Exception {
    String text =
        Bundled.text(Bundled.named("headless").orElseThrow()).replace("exit: 1", "exit: 0");
    Path file = dir.resolve("wrong.yaml");
    Files.writeString(file, text);

    KsimCommandTest.Run run = ksim("run", file.toString(), "--check");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out())
        .contains("FAIL " + file + ":")
        .contains("expected exit status 0; got 1")
        .contains("FAIL headless");
  }

  private static KsimCommandTest.Run malformed(Path dir, String steps) throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "name: bad\nsteps:\n" + steps);
    return ksim("run", file.toString());
  }

  @Test
  void malformedScenariosAreRefusedWithFileLineAndStatusTwo(@TempDir Path dir) throws Exception {
    KsimCommandTest.Run unknownStep = malformed(dir, "  - say: hi\n  - jump: high\n");
    KsimCommandTest.Run unknownCommand =
        malformed(dir, "  - run: kubectl get pods\n  - run: frobnicate 10.0.0.1\n");
    KsimCommandTest.Run unmodelled = malformed(dir, "  - run: strace -p 1\n");
    KsimCommandTest.Run badYaml = malformed(dir, "  - say: [unclosed\n");
    KsimCommandTest.Run quote = malformed(dir, "  - say: ok\n  - run: \"curl 'http://x\"\n");
    KsimCommandTest.Run badManifest =
        malformed(
            dir,
            "  - apply: |\n      apiVersion: v1\n      kind: Service\n      metadata: {name: x}\n      spec: {ports: [{port: 99999}]}\n");
    KsimCommandTest.Run badMode =
        ksim("run", write(dir, "name: m\nmodes: [ipvs]\nsteps:\n  - say: x\n").toString());

    for (KsimCommandTest.Run run :
        List.of(unknownStep, unknownCommand, unmodelled, badYaml, quote, badMode)) {
      assertThat(run.exit()).as(run.err()).isEqualTo(KsimCommand.BAD_INPUT);
      assertThat(run.out()).as("nothing is run").isEmpty();
    }
    // an object the API server refuses is found when its step applies it, all or nothing
    assertThat(badManifest.exit()).isEqualTo(KsimCommand.BAD_INPUT);
    assertThat(unknownStep.err())
        .contains("bad.yaml:4: steps[1].jump: unknown key \"jump\" in a step");
    assertThat(unknownCommand.err())
        .contains("bad.yaml:4:")
        .contains("unknown command `frobnicate`");
    assertThat(unmodelled.err()).contains("bad.yaml:3:").contains("unknown command `strace`");
    assertThat(badYaml.err()).contains("bad.yaml:");
    assertThat(quote.err()).contains("bad.yaml:4:").contains("unclosed quote");
    assertThat(badManifest.err()).contains("bad.yaml:7:").contains("spec.ports[0].port");
    assertThat(badMode.err()).contains("modes[0]").contains("edit configmap/kube-proxy");
  }

  @Test
  void switchingKubeProxyToIpvsThroughItsConfigMapTakesEffectAtTheRestart(@TempDir Path dir)
      throws Exception {
    KsimCommandTest.Run run =
        ksim(
            "run",
            write(
                    dir,
                    "name: ipvs\nsteps:\n  - edit:\n      target: configmap/kube-proxy\n"
                        + "      namespace: kube-system\n      set: {mode: ipvs}\n"
                        + "  - run: ipvsadm -Ln\n    on: node/k8s-node01\n"
                        + "    expect: {not-contains: \"TCP  10.96.0.1:443 rr\"}\n"
                        + "  - restart: kube-proxy\n"
                        + "  - run: ipvsadm -Ln\n    on: node/k8s-node01\n"
                        + "    expect: {contains: \"TCP  10.96.0.1:443 rr\"}\n"
                        + "  - run: ipset list -n\n    on: node/k8s-node01\n"
                        + "    expect: {contains: KUBE-CLUSTER-IP}\n")
                .toString());

    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("3 expectations, 3 held, 0 failed");
  }

  @Test
  void aStrategicPatchMergesListsByKeyWhereAMergePatchReplacesThem(@TempDir Path dir)
      throws Exception {
    String steps =
        """
        name: patches
        steps:
          - apply: |
              apiVersion: v1
              kind: Service
              metadata: {name: web}
              spec: {clusterIP: 10.96.9.9, ports: [{name: a, port: 80}]}
          - patch:
              target: service/web
              strategic: {spec: {ports: [{name: b, port: 81}]}}
          - run: kubectl get svc web
            expect:
              contains: "80/TCP,81/TCP"
          - patch:
              target: service/web
              merge: {spec: {ports: [{name: c, port: 82}]}}
          - run: kubectl get svc web
            expect:
              contains: " 82/TCP "
              not-contains: "80/TCP"
        """;

    KsimCommandTest.Run run = ksim("run", write(dir, steps).toString());

    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("$ kubectl patch service web -p '{\"spec\"");
  }

  private static Path write(Path dir, String text) throws Exception {
    Path file = dir.resolve("m.yaml");
    Files.writeString(file, text);
    return file;
  }

  @Test
  void theSchemaDescribesTheStepsTheParserKnows() throws Exception {
    JsonNode schema;
    try (InputStream in = ScenarioParser.class.getResourceAsStream("scenario.schema.json")) {
      schema = new ObjectMapper().readTree(Objects.requireNonNull(in));
    }
    List<String> oneOf = new ArrayList<>();
    schema.at("/$defs/step/oneOf").forEach(n -> oneOf.add(n.get("required").get(0).asText()));
    List<String> expectKeys = new ArrayList<>();
    schema.at("/$defs/expect/properties").fieldNames().forEachRemaining(expectKeys::add);

    assertThat(Set.copyOf(oneOf)).isEqualTo(ScenarioParser.STEPS);
    assertThat(Set.copyOf(expectKeys)).isEqualTo(ScenarioParser.EXPECT);
  }

  @Test
  void aCommandLineSplitsAsAShellSplitsIt() {
    assertThat(CommandLines.split("iptables -t nat -S | grep \"default/web -> \" | grep -c 'x y'"))
        .contains(
            List.of(
                List.of("iptables", "-t", "nat", "-S"),
                List.of("grep", "default/web -> "),
                List.of("grep", "-c", "x y")));
    assertThat(CommandLines.split("echo 'unclosed")).isEmpty();
    assertThat(CommandLines.split("kubectl get cm -o jsonpath=\"{.data.a\\.b}\\\"\""))
        .contains(List.of(List.of("kubectl", "get", "cm", "-o", "jsonpath={.data.a\\.b}\"")));
  }
}
