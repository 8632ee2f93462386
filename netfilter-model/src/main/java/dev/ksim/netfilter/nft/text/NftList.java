package dev.ksim.netfilter.nft.text;

import dev.ksim.netfilter.nft.NftFamily;
import dev.ksim.netfilter.nft.NftOutput;
import dev.ksim.netfilter.nft.NftRuleset;
import dev.ksim.netfilter.nft.NftTable;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@code nft list ruleset [FAMILY] | tables | table [FAMILY] NAME | chain [FAMILY] TABLE NAME | set
 * [FAMILY] TABLE NAME | map [FAMILY] TABLE NAME} over one namespace's ruleset, as nft 1.0.6 answers
 * it: the family defaults to {@code ip}; a missing object is {@code Error: No such file or
 * directory} with the command echoed and the missing name underlined (exit 1), as is a set asked
 * for as a map or the other way round; a word nft does not expect is its {@code syntax error}.
 *
 * @see <a href="https://git.netfilter.org/nftables/tree/src/parser_bison.y">list_cmd</a>
 */
public final class NftList {
  private final NftRuleset ruleset;
  private final List<IptablesNftTable> iptables;
  private final NftListWriter writer;
  private final IptablesNftWriter iptablesWriter;
  private final List<String> words;
  private final String line;

  private NftList(
      NftRuleset ruleset,
      List<IptablesNftTable> iptables,
      NftListWriter writer,
      NftOutput output,
      List<String> words) {
    this.ruleset = ruleset;
    this.iptables = iptables;
    this.writer = writer;
    this.iptablesWriter = new IptablesNftWriter(output);
    this.words = words;
    this.line = String.join(" ", words);
  }

  /**
   * Runs {@code nft [-a] [-n] list ...}: {@code words} start with {@code list}.
   *
   * @param handles whether {@code -a} was given
   * @param output whether {@code -n} was given ({@link NftOutput#NUMERIC})
   */
  public static NftListResult run(
      NftRuleset ruleset, boolean handles, NftOutput output, List<String> words) {
    return run(ruleset, List.of(), handles, output, words);
  }

  /**
   * Runs {@code nft [-a] [-n] list ...} on a node whose iptables is iptables-nft: its {@code
   * iptables} tables are listed before the nftables tables, as a restore of {@code iptables-save}'s
   * output and then of the nftables ruleset would have created them (see {@link
   * IptablesNftWriter}); nft's warning for each of them goes to standard error. With {@code -a} the
   * iptables tables are printed without handles (ksim does not number them).
   */
  public static NftListResult run(
      NftRuleset ruleset,
      List<IptablesNftTable> iptables,
      boolean handles,
      NftOutput output,
      List<String> words) {
    return new NftList(ruleset, iptables, new NftListWriter(handles, output), output, words).run();
  }

  private NftListResult run() {
    if (words.size() < 2) {
      return syntaxError(words.size(), "newline");
    }
    String object = words.get(1);
    return switch (object) {
      case "ruleset" -> ruleset();
      case "tables" -> tables();
      case "table" ->
          named(1, (table, name) -> writer.table(table), (table, name) -> listed(table, null));
      case "chain" ->
          named(
              2,
              (table, name) ->
                  table.chain(name).map(chain -> writer.chain(table, chain)).orElse(null),
              (table, name) -> listed(table, name));
      case "set", "map" ->
          named(
              2,
              (table, name) ->
                  table
                      .set(name)
                      .filter(set -> set.isMap() == object.equals("map"))
                      .map(set -> writer.set(table, set))
                      .orElse(null),
              (table, name) -> null);
      default -> syntaxError(1, "string");
    };
  }

  private NftListResult ruleset() {
    if (words.size() > 3) {
      return syntaxError(3, "string");
    }
    if (words.size() == 2) {
      return withIptables(iptables, writer.ruleset(ruleset));
    }
    Optional<NftFamily> family = NftFamily.tryParse(words.get(2));
    if (family.isEmpty()) {
      return syntaxError(2, "string");
    }
    List<NftTable> tables =
        ruleset.tables().stream().filter(t -> t.family() == family.get()).toList();
    return withIptables(
        iptables.stream().filter(t -> t.family() == family.get()).toList(),
        writer.ruleset(new NftRuleset(tables)));
  }

  /** The iptables tables' listings before {@code nftables}, and what nft said of them. */
  private NftListResult withIptables(List<IptablesNftTable> tables, String nftables) {
    StringBuilder out = new StringBuilder();
    for (IptablesNftTable table : tables) {
      out.append(iptablesWriter.table(table));
    }
    return new NftListResult(0, out.append(nftables).toString(), iptablesWriter.errors());
  }

  /**
   * An iptables table ({@code chain} null) or one of its chains, with nft's warning; null when the
   * chain does not exist.
   */
  private @Nullable NftListResult listed(IptablesNftTable table, @Nullable String chain) {
    String text =
        chain == null
            ? iptablesWriter.table(table)
            : table.state().chain(chain).map(c -> iptablesWriter.chain(table, c)).orElse(null);
    return text == null ? null : new NftListResult(0, text, iptablesWriter.errors());
  }

  private NftListResult tables() {
    StringBuilder out = new StringBuilder();
    for (IptablesNftTable table : iptables) {
      out.append("table ").append(table.qualifiedName()).append('\n');
    }
    for (NftTable table : ruleset.tables()) {
      out.append("table ").append(table.qualifiedName()).append('\n');
    }
    return ok(out.toString());
  }

  /** What to print for the object named {@code name} in {@code table}, null when there is none. */
  private interface Lister {
    @Nullable String list(NftTable table, String name);
  }

  /** What to print for the object named {@code name} in an iptables table, null when none. */
  private interface IptablesLister {
    @Nullable NftListResult list(IptablesNftTable table, String name);
  }

  /**
   * {@code list OBJECT [FAMILY] TABLE [NAME]}: {@code names} is 1 for a table, 2 for an object in
   * one.
   */
  private NftListResult named(int names, Lister lister, IptablesLister iptablesLister) {
    int at = 2;
    NftFamily family = NftFamily.IP;
    if (at < words.size()) {
      Optional<NftFamily> given = NftFamily.tryParse(words.get(at));
      if (given.isPresent() && words.size() > at + names) {
        family = given.get();
        at++;
      }
    }
    if (words.size() < at + names) {
      return syntaxError(words.size(), "newline");
    }
    if (words.size() > at + names) {
      return syntaxError(at + names, "string");
    }
    String name = words.get(at + names - 1);
    NftFamily wanted = family;
    String tableName = words.get(at);
    Optional<IptablesNftTable> iptablesTable =
        iptables.stream()
            .filter(t -> t.family() == wanted && t.name().equals(tableName))
            .findFirst();
    if (iptablesTable.isPresent()) {
      NftListResult result = iptablesLister.list(iptablesTable.get(), name);
      return result == null ? noSuch(at + names - 1) : result;
    }
    Optional<NftTable> table = ruleset.table(family, tableName);
    if (table.isEmpty()) {
      return noSuch(at);
    }
    String text = lister.list(table.get(), name);
    return text == null ? noSuch(at + names - 1) : ok(text);
  }

  private static NftListResult ok(String text) {
    return new NftListResult(0, text, "");
  }

  private NftListResult noSuch(int word) {
    return error("No such file or directory", word);
  }

  private NftListResult syntaxError(int word, String unexpected) {
    return error("syntax error, unexpected " + unexpected, word);
  }

  /** nft's error: the message, the command, and carets under word {@code word} (or the end). */
  private NftListResult error(String message, int word) {
    int column = 0;
    for (int i = 0; i < word && i < words.size(); i++) {
      column += words.get(i).length() + 1;
    }
    int width = word < words.size() ? words.get(word).length() : 1;
    if (word >= words.size()) {
      column = line.length();
    }
    String carets = " ".repeat(column) + "^".repeat(width);
    return new NftListResult(1, "", "Error: " + message + "\n" + line + "\n" + carets + "\n");
  }
}
