package dev.ksim.netfilter.nft.text;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import dev.ksim.netfilter.nft.NftRuleset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code nft -f} input given line by line by writers that send mostly the same lines in every
 * transaction (kube-proxy's nftables proxier writes every Service port's chains again on a full
 * sync, and every node's proxier writes nearly the same lines): each line's commands are parsed
 * once and kept, shared by every kernel in the process, so that a transaction costs the parsing of
 * its new lines only. Applying lines gives the ruleset, and the errors, of {@link
 * NftScriptParser#apply} on the same lines joined into one text: the whole input is parsed before
 * any command is applied, and when a line is not whole commands on its own (a block that spans
 * lines) the joined text is applied instead.
 */
public final class NftScriptCache {
  /** Enough for two nodes' rulesets of 10,000 Services; least recently used go first. */
  private static final long MAXIMUM_LINES = 1 << 20;

  private static final Cache<String, ParsedLine> LINES =
      CacheBuilder.newBuilder().maximumSize(MAXIMUM_LINES).build();

  private NftScriptCache() {}

  /**
   * Applies {@code input} (lines without their line ends) to {@code current} as {@code nft -f}
   * would apply them one a line.
   *
   * @throws NftParseException when nft would refuse the input; {@code current} is unchanged
   */
  public static NftRuleset apply(NftRuleset current, String file, List<String> input) {
    Map<String, ParsedLine> parsed = new HashMap<>();
    List<ParsedLine> script = new ArrayList<>(input.size());
    int lineNumber = 1;
    for (String text : input) {
      if (!isWholeLine(text)) {
        return NftScriptParser.apply(current, file, joined(input));
      }
      ParsedLine line = parsed.get(text);
      if (line == null) {
        line = LINES.getIfPresent(text);
      }
      if (line == null) {
        try {
          line = new ParsedLine(NftScriptParser.parse(file, text, lineNumber), lineNumber);
        } catch (NftParseException notOnItsOwn) {
          return NftScriptParser.apply(current, file, joined(input));
        }
        parsed.put(text, line);
      }
      script.add(line);
      lineNumber++;
    }
    LINES.putAll(parsed);
    NftWorkingSet working = new NftWorkingSet(file, current);
    for (int i = 0; i < script.size(); i++) {
      ParsedLine line = script.get(i);
      working.run(line.commands(), i + 1 - line.parsedAt());
    }
    return working.commit();
  }

  /** A line the tokenizer reads alike alone and within the input: no line end, no continuation. */
  private static boolean isWholeLine(String text) {
    return text.indexOf('\n') < 0 && !text.endsWith("\\");
  }

  private static String joined(List<String> input) {
    StringBuilder text = new StringBuilder();
    input.forEach(line -> text.append(line).append('\n'));
    return text.toString();
  }

  /**
   * One line's commands.
   *
   * @param parsedAt the line number they were parsed with
   */
  private record ParsedLine(List<NftCommand> commands, int parsedAt) {}
}
