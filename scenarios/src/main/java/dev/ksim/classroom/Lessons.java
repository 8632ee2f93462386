package dev.ksim.classroom;

import dev.ksim.cluster.Cluster;
import dev.ksim.input.KsimInputException;
import dev.ksim.scenario.Graded;
import dev.ksim.scenario.Scenario;
import dev.ksim.scenario.ScenarioParser;
import dev.ksim.scenario.ScoreSheet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The lessons a server holds: one cluster for everyone when it was started from manifests, or one
 * per student (their seed drawn from their name, or given) when it plays a scenario, so each
 * student's cluster and quiz are their own. At most {@link #MAX_STUDENTS} students.
 */
final class Lessons {
  /** The most students one server keeps (each holds a whole cluster). */
  static final int MAX_STUDENTS = 100;

  private final @Nullable Scenario scenario;
  private final @Nullable Lesson shared;
  private final Map<String, Lesson> students = new LinkedHashMap<>();

  private Lessons(@Nullable Scenario scenario, @Nullable Lesson shared) {
    this.scenario = scenario;
    this.shared = shared;
  }

  /** Every student sees {@code cluster}. */
  static Lessons of(Cluster cluster) {
    return new Lessons(null, Lesson.of(cluster));
  }

  /** Each student plays {@code scenario} on their own cluster. */
  static Lessons of(Scenario scenario) {
    return new Lessons(scenario, null);
  }

  /** The lesson of the student named {@code student} or with {@code seed} (both may be empty). */
  Lesson lesson(String student, String seed) {
    if (shared != null) {
      return shared;
    }
    Scenario base = Objects.requireNonNull(scenario);
    String key = !student.isEmpty() ? "student " + student : "seed " + seed;
    Lesson lesson = students.get(key);
    if (lesson != null) {
      return lesson;
    }
    if (students.size() >= MAX_STUDENTS) {
      throw KsimInputException.commandLine(
          "student", "this classroom already has " + MAX_STUDENTS + " students");
    }
    Scenario drawn;
    if (!student.isEmpty()) {
      drawn = ScenarioParser.forStudent(base, student);
    } else if (!seed.isEmpty()) {
      drawn = ScenarioParser.forSeed(base, parseSeed(seed));
    } else {
      drawn = base;
    }
    lesson = Lesson.of(drawn, student);
    students.put(key, lesson);
    return lesson;
  }

  /** Every student's graded answers, in the order the students came, as CSV. */
  String scores() {
    List<Graded> all = new ArrayList<>();
    if (shared != null) {
      all.addAll(shared.graded());
    }
    students.values().forEach(l -> all.addAll(l.graded()));
    return ScoreSheet.csv(all);
  }

  private static long parseSeed(String seed) {
    try {
      long value = Long.parseLong(seed);
      if (value < 0) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw KsimInputException.commandLine(
          "seed", "a seed is a whole number from 0 to " + Long.MAX_VALUE + ", got " + seed);
    }
  }
}
