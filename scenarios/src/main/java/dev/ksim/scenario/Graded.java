package dev.ksim.scenario;

/**
 * One answer a student gave, and whether it was right: a row of the teacher's score sheet.
 *
 * @param student the student's name ("" when only a seed was given)
 * @param seed the seed their cluster was drawn from
 * @param question the question's id
 * @param given what the student answered
 * @param expected what the simulation computed
 * @param correct whether {@code given} is {@code expected} (as {@link QuizKey#accepts} compares)
 */
public record Graded(
    String student, long seed, String question, String given, String expected, boolean correct) {}
