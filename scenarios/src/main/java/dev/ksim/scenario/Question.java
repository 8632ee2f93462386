package dev.ksim.scenario;

import dev.ksim.input.SourceLocation;
import org.jspecify.annotations.Nullable;

/**
 * One question of a quiz step. Its answer is never written in the scenario: {@link QuizKey}
 * computes it from the simulated cluster when the step runs, so every student's cluster (drawn from
 * their seed) has its own right answer.
 *
 * @param id its name in score sheets ({@code q1}, {@code q2}, ... unless the scenario names it)
 * @param ask the question as the student reads it (placeholders filled in when the step runs)
 * @param kind what is asked, and so how the answer is computed
 * @param from the traced packet's source, or the pod {@code dig} runs in
 * @param to the traced packet's {@code HOST:PORT}, or the name {@code dig} looks up
 * @param protocol the traced packet's protocol
 * @param node where a client outside enters, or null for the default
 */
public record Question(
    String id,
    String ask,
    QuestionKind kind,
    String from,
    String to,
    String protocol,
    @Nullable String node,
    SourceLocation at) {}
