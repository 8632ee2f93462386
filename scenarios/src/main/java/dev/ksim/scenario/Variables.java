package dev.ksim.scenario;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import dev.ksim.input.SourceLocation;
import dev.ksim.sim.SimRandom;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scenario's per-student variables ({@code variables:} in scenario.schema.json): each drawn from
 * the student's seed and written into the scenario's text wherever {@code ${var:NAME}} appears, so
 * that every student gets a cluster of their own (replica counts, ports, names) and the quiz's
 * answers, computed from that cluster, are theirs too.
 */
final class Variables {
  private static final Pattern USE = Pattern.compile("\\$\\{var:([^}]*)}");

  /**
   * One variable: its value is one of {@code choices}, drawn uniformly.
   *
   * @param name how the text refers to it
   * @param choices the values it can take, in the file's order
   */
  record Variable(String name, List<String> choices) {
    Variable {
      choices = ImmutableList.copyOf(choices);
    }
  }

  private Variables() {}

  /** The values of {@code variables} for {@code seed}, drawn in the file's order. */
  static Map<String, String> draw(List<Variable> variables, long seed) {
    SimRandom random = new SimRandom(seed);
    ImmutableMap.Builder<String, String> values = ImmutableMap.builder();
    for (Variable v : variables) {
      values.put(v.name(), random.pick(v.choices()));
    }
    return values.buildOrThrow();
  }

  /** {@code text} with each {@code ${var:NAME}} replaced; an unknown name is an error there. */
  static String fill(String file, String text, Map<String, String> values) {
    Matcher m = USE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        int line = 1 + (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count();
        throw new ScenarioException(
            new SourceLocation(file, line, "variables"),
            "no variable \""
                + m.group(1)
                + "\" (defined: "
                + String.join(", ", values.keySet())
                + ")");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * The seed of a student's cluster: the first 63 bits of the SHA-256 of their name, so that the
   * same name gives the same cluster on every machine.
   */
  static long seedOf(String student) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(student.getBytes(StandardCharsets.UTF_8));
      long seed = 0;
      for (int i = 0; i < Long.BYTES; i++) {
        seed = (seed << 8) | (digest[i] & 0xff);
      }
      return seed & Long.MAX_VALUE;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
