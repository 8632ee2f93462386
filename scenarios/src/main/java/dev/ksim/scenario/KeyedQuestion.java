package dev.ksim.scenario;

/**
 * A quiz question with its answer, as computed on one student's cluster.
 *
 * @param quiz the quiz step's title
 * @param id the question's id
 * @param ask the question, its placeholders filled in
 * @param kind what it asks
 * @param expected the right answer
 */
public record KeyedQuestion(
    String quiz, String id, String ask, QuestionKind kind, String expected) {}
