package dev.ksim.netfilter.nft.text;

import dev.ksim.netfilter.nft.NftRuleset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * {@code nft -f} input given line by line by writers that send mostly the same lines in every
 * transaction (kube-proxy's nftables proxier writes every Service port's chains again on a full
 * sync, and every node's proxier writes nearly the same lines): each line's commands are parsed
 * once and kept, shared by every kernel in the process, so that a transaction costs the parsing of
 * its new lines only. Applying lines gives the ruleset, and the errors, of {@link
 * NftScriptParser#apply} on the same lines joined into one text: the whole input is parsed before
 * any command is applied, and when a line is not whole commands on its own (a block that spans
 * lines) the joined text is applied instead. A line is kept only when it parses on its own, so a
 * line found kept is whole.
 *
 * <p>The lines are kept in two generations, without bookkeeping on a read (a least-recently-used
 * list cost a quarter of a full sync): a line found only in the older generation is copied to the
 * newer one while that has room, and when the newer one is full it becomes the older one and the
 * lines the older one still held go. A generation holds at least twice the largest input applied,
 * so that an input sent again after smaller ones is found whole: with generations of a fixed half
 * million lines, a full sync of 50,000 Services (2.25 million lines) after a partial one parsed
 * three lines in four anew.
 */
public final class NftScriptCache {
  /** Lines per generation at least: two nodes' rulesets of 10,000 Services in the two together. */
  private static final int GENERATION_LINES = 1 << 19;

  /** The cache every kernel of the process shares. */
  private static final NftScriptCache SHARED = new NftScriptCache(GENERATION_LINES);

  /** Lines per generation: grown to twice the largest input applied. */
  private volatile int generationLines;

  private volatile Map<Line, ParsedLine> newer = new ConcurrentHashMap<>();
  private volatile Map<Line, ParsedLine> older = new ConcurrentHashMap<>();

  /** A cache of its own, for tests: {@code generationLines} at least per generation. */
  NftScriptCache(int generationLines) {
    this.generationLines = generationLines;
  }

  /**
   * Applies {@code input} (lines without their line ends) to {@code current} as {@code nft -f}
   * would apply them one a line, through the cache every kernel shares.
   *
   * @throws NftParseException when nft would refuse the input; {@code current} is unchanged
   */
  public static NftRuleset apply(NftRuleset current, String file, List<Line> input) {
    return SHARED.applyLines(current, file, input);
  }

  /** {@link #apply} through this cache. */
  NftRuleset applyLines(NftRuleset current, String file, List<Line> input) {
    Map<Line, ParsedLine> parsed = new HashMap<>();
    List<ParsedLine> script = new ArrayList<>(input.size());
    int lineNumber = 1;
    for (Line text : input) {
      ParsedLine line = parsed.get(text);
      if (line == null) {
        line = kept(text);
      }
      if (line == null) {
        String whole = text.text();
        if (!isWholeLine(whole)) {
          return NftScriptParser.apply(current, file, joined(input));
        }
        try {
          line = new ParsedLine(NftScriptParser.parse(file, whole, lineNumber), lineNumber);
        } catch (NftParseException notOnItsOwn) {
          return NftScriptParser.apply(current, file, joined(input));
        }
        parsed.put(text, line);
      }
      script.add(line);
      lineNumber++;
    }
    keep(parsed, input.size());
    NftWorkingSet working = new NftWorkingSet(file, current);
    for (int i = 0; i < script.size(); i++) {
      ParsedLine line = script.get(i);
      working.run(line.commands(), i + 1 - line.parsedAt());
    }
    return working.commit();
  }

  /** The parse kept for {@code text}, moved to the newer generation; null when none is kept. */
  private @Nullable ParsedLine kept(Line text) {
    Map<Line, ParsedLine> current = newer;
    ParsedLine line = current.get(text);
    if (line == null) {
      line = older.get(text);
      if (line != null && current.size() < generationLines) {
        current.put(text, line);
      }
    }
    return line;
  }

  private synchronized void keep(Map<Line, ParsedLine> parsed, int inputLines) {
    generationLines = Math.max(generationLines, 2 * inputLines);
    if (newer.size() + parsed.size() > generationLines) {
      older = newer;
      newer = new ConcurrentHashMap<>();
    }
    newer.putAll(parsed);
  }

  /** A line the tokenizer reads alike alone and within the input: no line end, no continuation. */
  private static boolean isWholeLine(String text) {
    return text.indexOf('\n') < 0 && !text.endsWith("\\");
  }

  private static String joined(List<Line> input) {
    StringBuilder text = new StringBuilder();
    input.forEach(line -> line.appendTo(text).append('\n'));
    return text.toString();
  }

  /**
   * One line of input, in up to three words that are joined by a space (an empty one left out), so
   * that a writer sending the same words again (a command and table it keeps, a chain's name, a
   * rule) finds the line kept without hashing or copying the whole text: lines are equal when their
   * words are.
   *
   * @param head the command and its object, e.g. {@code add rule ip kube-proxy}
   * @param name the object's name, or empty
   * @param tail what follows the name, or empty
   */
  public record Line(String head, String name, String tail) {
    /** A line given whole. */
    public static Line of(String text) {
      return new Line(text, "", "");
    }

    /** The line as {@code nft -f} reads it. */
    public String text() {
      return appendTo(new StringBuilder()).toString();
    }

    /** Appends the line's text to {@code text}. */
    public StringBuilder appendTo(StringBuilder text) {
      text.append(head);
      if (!name.isEmpty()) {
        text.append(' ').append(name);
      }
      if (!tail.isEmpty()) {
        text.append(' ').append(tail);
      }
      return text;
    }
  }

  /**
   * One line's commands.
   *
   * @param parsedAt the line number they were parsed with
   */
  private record ParsedLine(List<NftCommand> commands, int parsedAt) {}
}
