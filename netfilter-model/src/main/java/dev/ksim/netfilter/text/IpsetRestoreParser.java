package dev.ksim.netfilter.text;

import dev.ksim.input.SourceLocation;
import dev.ksim.net.IpFamily;
import dev.ksim.netfilter.ipset.IpSet;
import dev.ksim.netfilter.ipset.IpSetType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code ipset restore} input ({@code create NAME TYPE [family inet|inet6] [range a-b]
 * [comment] ...} and {@code add NAME MEMBER}), as {@code ipset save} writes it.
 */
public final class IpsetRestoreParser {
  private IpsetRestoreParser() {}

  /** The sets the text creates, by name, in order. */
  public static Map<String, IpSet> parse(String file, String text) {
    Map<String, IpSet> sets = new LinkedHashMap<>();
    String[] lines = text.split("\n", -1);
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      List<String> words = List.of(line.split("\\s+"));
      int lineNo = n + 1;
      try {
        switch (words.get(0)) {
          case "create", "-N", "-exist" -> create(sets, words, lineNo, file);
          case "add", "-A" -> {
            IpSet set = sets.get(words.get(1));
            if (set == null) {
              throw new RulesParseException(
                  new SourceLocation(file, lineNo, null),
                  "ipset v7.17: The set with the given name does not exist");
            }
            set.add(words.get(2));
          }
          default ->
              throw new RulesParseException(
                  new SourceLocation(file, lineNo, null),
                  "ipset v7.17: Unknown command " + words.get(0));
        }
      } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
        throw new RulesParseException(
            new SourceLocation(file, lineNo, null), "ipset v7.17: Syntax error: " + e.getMessage());
      }
    }
    return sets;
  }

  private static void create(Map<String, IpSet> sets, List<String> words, int lineNo, String file) {
    String name = words.get(1);
    IpSetType type =
        IpSetType.tryParse(words.get(2))
            .orElseThrow(
                () ->
                    new RulesParseException(
                        new SourceLocation(file, lineNo, null),
                        "ipset v7.17: Syntax error: typename '" + words.get(2) + "' is unknown"));
    IpFamily family = IpFamily.IPV4;
    String range = "0-65535";
    boolean comment = false;
    for (int i = 3; i < words.size(); i++) {
      switch (words.get(i)) {
        case "family" -> family = words.get(++i).equals("inet6") ? IpFamily.IPV6 : IpFamily.IPV4;
        case "range" -> range = words.get(++i);
        case "comment" -> comment = true;
        case "hashsize", "maxelem", "bucketsize", "initval", "timeout", "netmask" -> i++;
        default -> {
          // counters, skbinfo and forceadd do not change membership
        }
      }
    }
    if (sets.containsKey(name)) {
      throw new RulesParseException(
          new SourceLocation(file, lineNo, null),
          "ipset v7.17: Set cannot be created: set with the same name already exists");
    }
    sets.put(name, new IpSet(name, type, family, comment ? "comment" : "", range));
  }
}
