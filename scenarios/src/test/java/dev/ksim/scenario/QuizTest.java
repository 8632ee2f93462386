package dev.ksim.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.cluster.Cluster;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bundled quiz: each student's seed draws their own cluster, and the key's answers are what
 * that cluster says (checked here against the cluster itself, not against typed answers).
 */
@Timeout(300)
class QuizTest {
  private static final Scenario QUIZ = Bundled.named("quiz-clusterip").orElseThrow();

  private static Map<String, String> answers(Scenario scenario) {
    Map<String, String> out = new TreeMap<>();
    ScenarioRunner.answerKey(scenario).forEach(q -> out.put(q.id(), q.expected()));
    return out;
  }

  @Test
  void twoStudentsGetTwoClustersWithTheirOwnComputedAnswers() {
    Scenario alice = ScenarioParser.forStudent(QUIZ, "alice");
    Scenario bob = ScenarioParser.forStudent(QUIZ, "bob");
    assertThat(alice.seed()).isNotEqualTo(bob.seed());
    assertThat(alice.variables()).isNotEqualTo(bob.variables());
    for (Scenario student : List.of(alice, bob)) {
      Map<String, String> key = answers(student);
      Cluster cluster = ScenarioRunner.replay(student);
      String app = student.variables().get("app");
      Service service =
          cluster
              .store()
              .<Service>get(new ObjectKey(ResourceType.SERVICE, "default", app))
              .orElseThrow();
      assertThat(key.get("dig")).isEqualTo(service.getSpec().getClusterIP());
      assertThat(key.get("endpoints")).isEqualTo(student.variables().get("replicas"));
      assertThat(key.get("chain")).startsWith("KUBE-SVC-");
      assertThat(key.get("pod")).startsWith(app + "-");
      assertThat(key.get("masq")).isIn("yes", "no");
    }
    assertThat(answers(alice).get("dig")).isNotEqualTo(answers(bob).get("dig"));
  }

  @Test
  void theSameStudentGetsTheSameClusterAndKeyEveryTime() {
    assertThat(answers(ScenarioParser.forStudent(QUIZ, "carol")))
        .isEqualTo(answers(ScenarioParser.forStudent(QUIZ, "carol")));
  }

  @Test
  void answersAreComparedWithoutCaseBlanksOrListOrder() {
    assertThat(QuizKey.accepts("KUBE-SVC-ABC", " kube-svc-abc ")).isTrue();
    assertThat(QuizKey.accepts("yes", "true")).isTrue();
    assertThat(QuizKey.accepts("10.0.0.1, 10.0.0.2", "10.0.0.2 10.0.0.1")).isTrue();
    assertThat(QuizKey.accepts("3", "4")).isFalse();
    assertThat(QuizKey.accepts("no", "")).isFalse();
  }

  @Test
  void theScoreSheetIsCsvWithQuotedFieldsAndNoFormulas() {
    String csv =
        ScoreSheet.csv(
            List.of(
                new Graded("ann", 7, "q1", "a, b", "a", false),
                new Graded("bo\"b", 8, "q2", "=1+1", "2", false)));
    assertThat(csv)
        .isEqualTo(
            "student,seed,question,answer,expected,correct\r\n"
                + "ann,7,q1,\"a, b\",a,no\r\n"
                + "\"bo\"\"b\",8,q2,'=1+1,2,no\r\n");
  }

  /** Where and why {@code text} was refused: "LINE: FIELD: MESSAGE". */
  private static String refusal(String text) {
    try {
      ScenarioParser.parse("t.yaml", text, null);
    } catch (ScenarioException e) {
      return e.location().line() + ": " + e.location().field() + ": " + e.getMessage();
    }
    throw new AssertionError("accepted: " + text);
  }

  @Test
  void aQuizStepIsCheckedAsStrictlyAsOtherSteps() {
    String head = "name: t\nsteps:\n- quiz:\n    questions:\n";
    assertThat(refusal(head + "    - {ask: a, answer: pods, trace: {from: x, to: 'y:1'}}\n"))
        .startsWith(
            "5: steps[0].quiz.questions[0].answer: unknown answer \"pods\" (did you mean pod?)");
    assertThat(refusal(head + "    - {ask: a, answer: dig}\n")).contains("answer: dig takes dig:");
    assertThat(refusal(head + "    - {ask: a, answer: pod, trace: {from: x, to: y}}\n"))
        .contains("trace.to: to is HOST:PORT");
    assertThat(refusal(head + "    - {ask: a, answr: pod}\n")).contains("did you mean answer?");
    assertThat(refusal("name: t\nsteps:\n- say: ${var:nope}\n"))
        .isEqualTo("3: variables: no variable \"nope\" (defined: )");
    assertThat(refusal("name: t\nvariables:\n  n: {min: 5, max: 1}\nsteps:\n- say: hi\n"))
        .contains("variables.n: min is at most max");
  }
}
