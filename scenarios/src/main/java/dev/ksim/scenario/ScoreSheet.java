package dev.ksim.scenario;

import java.util.List;

/** The teacher's score export: graded answers as CSV (RFC 4180: CRLF lines, quoted fields). */
public final class ScoreSheet {
  /** The header row's fields. */
  static final List<String> HEADER =
      List.of("student", "seed", "question", "answer", "expected", "correct");

  private ScoreSheet() {}

  /** The CSV text of {@code answers}, header first, in the order given. */
  public static String csv(List<Graded> answers) {
    StringBuilder out = new StringBuilder();
    row(out, HEADER);
    for (Graded g : answers) {
      row(
          out,
          List.of(
              g.student(),
              Long.toString(g.seed()),
              g.question(),
              g.given(),
              g.expected(),
              g.correct() ? "yes" : "no"));
    }
    return out.toString();
  }

  private static void row(StringBuilder out, List<String> fields) {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(field(fields.get(i)));
    }
    out.append("\r\n");
  }

  private static String field(String text) {
    // a student's answer starting with =, +, - or @ would be a formula to a spreadsheet
    String value = text.matches("(?s)^[=+\\-@].*") ? "'" + text : text;
    boolean quote =
        value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r");
    return quote ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
  }
}
