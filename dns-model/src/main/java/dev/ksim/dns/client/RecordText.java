package dev.ksim.dns.client;

import dev.ksim.dns.DnsRecord;
import dev.ksim.dns.Question;

/**
 * dig's record and question lines: fields at tab stops, as BIND's text writer places them
 * (../shared/reference/dns-client-output.md section 1.4).
 */
public final class RecordText {
  private static final int TTL_COLUMN = 24;
  private static final int CLASS_COLUMN = 32;
  private static final int TYPE_COLUMN = 40;
  private static final int DATA_COLUMN = 48;

  private RecordText() {}

  /** A record line of dig's sections. */
  public static String line(DnsRecord record) {
    Line line = new Line(0).append(record.name().toString());
    line.to(TTL_COLUMN).append(Long.toString(record.ttl()));
    line.to(CLASS_COLUMN).append("IN");
    line.to(TYPE_COLUMN).append(record.type().toString());
    line.to(DATA_COLUMN).append(record.data().text());
    return line.text();
  }

  /** A question line: {@code ;name} then class and type, columns counted after the semicolon. */
  public static String question(Question question) {
    Line line = new Line(1).append(";" + question.name());
    line.to(CLASS_COLUMN).append("IN");
    line.to(TYPE_COLUMN).append(question.type().toString());
    return line.text();
  }

  /**
   * A line being written, with the column reached (a tab advances to the next multiple of 8).
   * Moving to a column works as BIND's text writer does: at least one separator, tabs while a tab
   * stop lies on the way, then spaces.
   */
  private static final class Line {
    private final StringBuilder text = new StringBuilder();
    private final int uncounted;
    private int column;

    /** {@code uncounted} leading characters do not count towards columns. */
    Line(int uncounted) {
      this.uncounted = uncounted;
    }

    Line append(String s) {
      text.append(s);
      column += s.length();
      return this;
    }

    Line to(int target) {
      int current = column - uncounted;
      int wanted = Math.max(target, current + 1);
      int tabs = wanted / 8 - current / 8;
      if (tabs > 0) {
        text.append("\t".repeat(tabs));
        current = wanted / 8 * 8;
      }
      text.append(" ".repeat(wanted - current));
      column = wanted + uncounted;
      return this;
    }

    String text() {
      return text.toString();
    }
  }
}
