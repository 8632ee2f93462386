package dev.ksim.netfilter.nft.text;

import dev.ksim.netfilter.hook.Hook;
import dev.ksim.netfilter.nft.BaseChain;
import dev.ksim.netfilter.nft.NftDuration;
import dev.ksim.netfilter.nft.NftFamily;
import dev.ksim.netfilter.nft.NftRuleset;
import dev.ksim.netfilter.nft.NftStatement;
import dev.ksim.netfilter.nft.NftType;
import dev.ksim.netfilter.nft.NftVerdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@code nft -f} input: commands ({@code add|create|insert|replace|delete|destroy|flush} of
 * tables, chains, rules, sets, maps and elements, {@code flush ruleset}) and table blocks ({@code
 * table ip t { chain c { ... } set s { ... } }}), and applies them to a ruleset as one transaction:
 * all of it, or (on the first error, reported with its line as nft words it) none.
 */
public final class NftScriptParser {
  private final String file;
  private final NftTokenCursor in;
  private final List<NftCommand> commands = new ArrayList<>();

  private NftScriptParser(String file, String text, int firstLine) {
    this.file = file;
    this.in = new NftTokenCursor(file, NftTokenizer.tokenize(file, text, firstLine));
  }

  /**
   * Applies {@code text} to {@code current} as {@code nft -f} would.
   *
   * @throws NftParseException when nft would refuse the input; {@code current} is unchanged
   */
  public static NftRuleset apply(NftRuleset current, String file, String text) {
    return new NftWorkingSet(file, current).apply(parse(file, text, 1));
  }

  /**
   * The commands of {@code text}, whose first line is line {@code firstLine} of {@code file}.
   *
   * @throws NftParseException when nft would refuse the input's syntax
   */
  static List<NftCommand> parse(String file, String text, int firstLine) {
    NftScriptParser parser = new NftScriptParser(file, text, firstLine);
    parser.parse();
    return parser.commands;
  }

  private void parse() {
    while (true) {
      skipSeparators();
      if (in.peek().kind() == NftToken.Kind.END) {
        return;
      }
      command();
    }
  }

  private void command() {
    NftToken verb = in.expect(NftToken.Kind.WORD);
    switch (verb.text()) {
      case "table" -> tableBlock(verb.line());
      case "add", "create", "insert", "replace", "delete", "destroy", "flush" ->
          verbCommand(verb.text(), verb.line());
      default -> throw in.unexpected(verb);
    }
    endOfCommand();
  }

  private void verbCommand(String verb, int line) {
    NftToken object = in.expect(NftToken.Kind.WORD);
    switch (object.text()) {
      case "ruleset" -> {
        if (!verb.equals("flush")) {
          throw in.unexpected(object);
        }
        commands.add(new NftCommand.FlushRuleset(line));
      }
      case "table" -> {
        NftFamily family = family();
        String name = name();
        if (verb.equals("add") || verb.equals("create")) {
          String comment = in.peek().kind() == NftToken.Kind.LBRACE ? tableOptions() : null;
          commands.add(new NftCommand.AddTable(family, name, comment, verb.equals("create"), line));
        } else {
          commands.add(new NftCommand.TableOp(op(verb, object), family, name, line));
        }
      }
      case "chain" -> {
        NftFamily family = family();
        String table = name();
        String name = name();
        if (verb.equals("add") || verb.equals("create")) {
          ChainOptions options =
              in.peek().kind() == NftToken.Kind.LBRACE ? chainOptions() : new ChainOptions();
          commands.add(
              new NftCommand.AddChain(
                  family,
                  table,
                  name,
                  options.base(),
                  options.comment,
                  verb.equals("create"),
                  line));
        } else {
          commands.add(new NftCommand.ChainOp(op(verb, object), family, table, name, line));
        }
      }
      case "rule" -> rule(verb, line);
      case "set", "map" -> {
        NftFamily family = family();
        String table = name();
        String name = name();
        if (verb.equals("add") || verb.equals("create")) {
          SetSpec spec = setBody(name, object.is("map"));
          commands.add(new NftCommand.AddSet(family, table, spec, verb.equals("create"), line));
        } else {
          commands.add(new NftCommand.SetOp(op(verb, object), family, table, name, line));
        }
      }
      case "element" -> {
        NftFamily family = family();
        String table = name();
        String set = name();
        commands.add(new NftCommand.Elements(op(verb, object), family, table, set, braced(), line));
      }
      default -> throw in.unexpected(object);
    }
  }

  private NftCommand.Op op(String verb, NftToken object) {
    return switch (verb) {
      case "add" -> NftCommand.Op.ADD;
      case "create" -> NftCommand.Op.CREATE;
      case "delete" -> NftCommand.Op.DELETE;
      case "destroy" -> NftCommand.Op.DESTROY;
      case "flush" -> NftCommand.Op.FLUSH;
      default -> throw in.unexpected(object);
    };
  }

  private void rule(String verb, int line) {
    NftFamily family = family();
    String table = name();
    String chain = name();
    long position = 0;
    if (in.peek().is("handle") || in.peek().is("position")) {
      in.next();
      position = positiveNumber();
    }
    NftCommand.AddRule.Where where =
        switch (verb) {
          case "add" -> NftCommand.AddRule.Where.ADD;
          case "insert" -> NftCommand.AddRule.Where.INSERT;
          case "replace" -> NftCommand.AddRule.Where.REPLACE;
          case "delete" -> {
            if (position == 0) {
              throw in.error(line, "syntax error, unexpected newline, expecting handle");
            }
            commands.add(new NftCommand.DeleteRule(family, table, chain, position, line));
            yield null;
          }
          default -> throw in.error(line, "syntax error, unexpected rule");
        };
    if (where == null) {
      return;
    }
    NftExpressionParser statements = new NftExpressionParser(file, statementTokens());
    List<NftStatement> parsed = statements.statements();
    commands.add(
        new NftCommand.AddRule(
            where, family, table, chain, position, parsed, statements.comment(), line));
  }

  /** The tokens of one rule: up to the end of the line or a {@code ;}, braces balanced. */
  private List<NftToken> statementTokens() {
    List<NftToken> statement = new ArrayList<>();
    int depth = 0;
    while (true) {
      NftToken token = in.peek();
      if (token.kind() == NftToken.Kind.END) {
        break;
      }
      if (depth == 0 && token.endsStatement()) {
        break;
      }
      if (token.kind() == NftToken.Kind.LBRACE) {
        depth++;
      } else if (token.kind() == NftToken.Kind.RBRACE) {
        depth--;
      }
      statement.add(in.next());
    }
    return statement;
  }

  private void tableBlock(int line) {
    NftFamily family = family();
    String table = name();
    in.expect(NftToken.Kind.LBRACE);
    String comment = null;
    List<NftCommand> chains = new ArrayList<>();
    List<NftCommand> sets = new ArrayList<>();
    List<NftCommand> rules = new ArrayList<>();
    while (true) {
      skipSeparators();
      NftToken token = in.next();
      if (token.kind() == NftToken.Kind.RBRACE) {
        break;
      }
      if (token.kind() != NftToken.Kind.WORD) {
        throw in.unexpected(token);
      }
      switch (token.text()) {
        case "comment" -> comment = in.expect(NftToken.Kind.STRING).text();
        case "chain" -> chains.add(chainBlock(family, table, token.line(), rules));
        case "set", "map" -> {
          String name = name();
          SetSpec spec = setBody(name, token.is("map"));
          sets.add(new NftCommand.AddSet(family, table, spec, false, token.line()));
        }
        default -> throw in.unexpected(token);
      }
    }
    // nft creates a block's chains, then its sets, then the rules (the handles show the order)
    commands.add(new NftCommand.AddTable(family, table, comment, false, line));
    commands.addAll(chains);
    commands.addAll(sets);
    commands.addAll(rules);
  }

  /** A chain block: the chain's command; its rules go to {@code later}. */
  private NftCommand chainBlock(NftFamily family, String table, int line, List<NftCommand> later) {
    String name = name();
    in.expect(NftToken.Kind.LBRACE);
    ChainOptions options = new ChainOptions();
    while (true) {
      skipSeparators();
      NftToken token = in.peek();
      if (token.kind() == NftToken.Kind.RBRACE) {
        in.next();
        break;
      }
      if (!chainOption(token, options)) {
        int ruleLine = token.line();
        NftExpressionParser statements = new NftExpressionParser(file, statementTokens());
        List<NftStatement> parsed = statements.statements();
        later.add(
            new NftCommand.AddRule(
                NftCommand.AddRule.Where.ADD,
                family,
                table,
                name,
                0,
                parsed,
                statements.comment(),
                ruleLine));
      }
    }
    return new NftCommand.AddChain(
        family, table, name, options.base(), options.comment, false, line);
  }

  private @Nullable String tableOptions() {
    in.expect(NftToken.Kind.LBRACE);
    String comment = null;
    while (true) {
      skipSeparators();
      NftToken token = in.next();
      if (token.kind() == NftToken.Kind.RBRACE) {
        return comment;
      }
      if (token.is("comment")) {
        comment = in.expect(NftToken.Kind.STRING).text();
      } else {
        throw in.unexpected(token);
      }
    }
  }

  private ChainOptions chainOptions() {
    in.expect(NftToken.Kind.LBRACE);
    ChainOptions options = new ChainOptions();
    while (true) {
      skipSeparators();
      NftToken token = in.peek();
      if (token.kind() == NftToken.Kind.RBRACE) {
        in.next();
        return options;
      }
      if (!chainOption(token, options)) {
        throw in.unexpected(token);
      }
    }
  }

  /** Reads {@code type ... hook ... priority ...}, {@code policy ...} or a comment, if next. */
  private boolean chainOption(NftToken token, ChainOptions options) {
    if (token.is("type")) {
      in.next();
      NftToken type = in.expect(NftToken.Kind.WORD);
      options.type =
          BaseChain.Type.tryParse(type.text())
              .orElseThrow(() -> in.error(type.line(), "unknown chain type " + type.text()));
      in.expectWord("hook");
      NftToken hook = in.expect(NftToken.Kind.WORD);
      options.hook = hook(hook);
      in.expectWord("priority");
      options.priority = priority();
      return true;
    }
    if (token.is("policy")) {
      in.next();
      NftToken policy = in.expect(NftToken.Kind.WORD);
      options.policy =
          switch (policy.text()) {
            case "accept" -> NftVerdict.ACCEPT;
            case "drop" -> NftVerdict.DROP;
            default -> throw in.error(policy.line(), "syntax error, unexpected " + policy.text());
          };
      return true;
    }
    if (token.is("comment") && in.lookingAt(1, NftToken.Kind.STRING)) {
      in.next();
      options.comment = in.expect(NftToken.Kind.STRING).text();
      return true;
    }
    return false;
  }

  private Hook hook(NftToken token) {
    return switch (token.text()) {
      case "prerouting" -> Hook.PREROUTING;
      case "input" -> Hook.INPUT;
      case "forward" -> Hook.FORWARD;
      case "output" -> Hook.OUTPUT;
      case "postrouting" -> Hook.POSTROUTING;
      default -> throw in.error(token.line(), "unknown chain hook " + token.text());
    };
  }

  private int priority() {
    NftToken first = in.expect(NftToken.Kind.WORD);
    int value =
        BaseChain.StandardPriority.tryParse(first.text())
            .map(BaseChain.StandardPriority::value)
            .orElseGet(() -> (int) signedNumber(first));
    if (in.peek().is("+") || in.peek().is("-")) {
      boolean minus = in.next().is("-");
      long offset = signedNumber(in.expect(NftToken.Kind.WORD));
      value += (int) (minus ? -offset : offset);
    }
    return value;
  }

  private long signedNumber(NftToken token) {
    if (!token.text().matches("-?\\d{1,10}")) {
      throw in.error(
          token.line(), "syntax error, unexpected " + token.text() + ", expecting number");
    }
    long value = Long.parseLong(token.text());
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw in.error(token.line(), "priority value is out of range");
    }
    return value;
  }

  private SetSpec setBody(String name, boolean map) {
    in.expect(NftToken.Kind.LBRACE);
    List<NftType> keyType = new ArrayList<>();
    NftType dataType = null;
    List<String> flags = new ArrayList<>();
    long timeout = 0;
    int size = 0;
    String comment = null;
    List<List<NftToken>> elements = List.of();
    while (true) {
      skipSeparators();
      NftToken token = in.next();
      if (token.kind() == NftToken.Kind.RBRACE) {
        break;
      }
      if (token.kind() != NftToken.Kind.WORD) {
        throw in.unexpected(token);
      }
      switch (token.text()) {
        case "type" -> {
          keyType.add(type());
          while (in.peek().is(".")) {
            in.next();
            keyType.add(type());
          }
          if (map) {
            in.expectWord(":");
            dataType = type();
          }
        }
        case "flags" -> {
          flags.add(in.expect(NftToken.Kind.WORD).text());
          while (in.peek().kind() == NftToken.Kind.COMMA) {
            in.next();
            flags.add(in.expect(NftToken.Kind.WORD).text());
          }
        }
        case "timeout" -> {
          NftToken value = in.expect(NftToken.Kind.WORD);
          OptionalLong millis = NftDuration.parse(value.text());
          if (millis.isEmpty()) {
            throw in.error(value.line(), "Wrong time format: " + value.text());
          }
          timeout = millis.getAsLong();
        }
        case "size" -> size = (int) Math.min(positiveNumber(), Integer.MAX_VALUE);
        case "comment" -> comment = in.expect(NftToken.Kind.STRING).text();
        case "elements" -> {
          in.expectWord("=");
          elements = braced();
        }
        default -> throw in.unexpected(token);
      }
    }
    if (keyType.isEmpty()) {
      throw in.error(in.line(), "set definition does not specify key");
    }
    if (map && dataType == null) {
      throw in.error(in.line(), "map definition does not specify mapping data type");
    }
    for (String flag : flags) {
      if (!List.of("constant", "interval", "timeout", "dynamic").contains(flag)) {
        throw in.error(in.line(), "syntax error, unexpected " + flag);
      }
    }
    List<String> ordered = new ArrayList<>();
    for (String flag : List.of("constant", "interval", "dynamic", "timeout")) {
      if (flags.contains(flag) || (flag.equals("timeout") && timeout > 0)) {
        ordered.add(flag);
      }
    }
    return new SetSpec(name, keyType, dataType, ordered, timeout, size, comment, elements);
  }

  private NftType type() {
    NftToken token = in.expect(NftToken.Kind.WORD);
    return NftType.tryParse(token.text())
        .filter(t -> t != NftType.CT_STATE && t != NftType.FIB_ADDRTYPE)
        .orElseThrow(
            () ->
                in.error(
                    token.line(), "unknown datatype " + token.text().toLowerCase(Locale.ROOT)));
  }

  /** The comma-separated items between braces, each as its own tokens. */
  private List<List<NftToken>> braced() {
    List<NftToken> block = new ArrayList<>();
    int depth = 0;
    do {
      NftToken token = in.next();
      if (token.kind() == NftToken.Kind.END) {
        throw in.unexpected(token);
      }
      depth += token.kind() == NftToken.Kind.LBRACE ? 1 : 0;
      depth -= token.kind() == NftToken.Kind.RBRACE ? 1 : 0;
      block.add(token);
    } while (depth > 0);
    return new NftExpressionParser(file, block).braced();
  }

  private NftFamily family() {
    NftToken token = in.peek();
    if (token.kind() == NftToken.Kind.WORD && in.lookingAt(1, NftToken.Kind.WORD)) {
      var family = NftFamily.tryParse(token.text());
      if (family.isPresent()) {
        in.next();
        return family.get();
      }
      if (List.of("arp", "bridge", "netdev").contains(token.text())) {
        throw in.error(token.line(), "ksim does not model the " + token.text() + " family");
      }
    }
    return NftFamily.IP;
  }

  private String name() {
    NftToken token = in.next();
    if (token.kind() != NftToken.Kind.WORD && token.kind() != NftToken.Kind.STRING) {
      throw in.unexpected(token);
    }
    return token.text();
  }

  private long positiveNumber() {
    NftToken token = in.expect(NftToken.Kind.WORD);
    if (!token.text().matches("\\d{1,18}")) {
      throw in.error(
          token.line(), "syntax error, unexpected " + token.text() + ", expecting number");
    }
    return Long.parseLong(token.text());
  }

  private void endOfCommand() {
    NftToken token = in.peek();
    if (token.kind() == NftToken.Kind.NEWLINE
        || token.kind() == NftToken.Kind.SEMICOLON
        || token.kind() == NftToken.Kind.END) {
      return;
    }
    throw in.unexpected(token);
  }

  private void skipSeparators() {
    while (in.peek().kind() == NftToken.Kind.NEWLINE
        || in.peek().kind() == NftToken.Kind.SEMICOLON) {
      in.next();
    }
  }

  /** What a chain's braces say. */
  private static final class ChainOptions {
    BaseChain.@Nullable Type type;
    @Nullable Hook hook;
    int priority;
    NftVerdict policy = NftVerdict.ACCEPT;
    @Nullable String comment;

    @Nullable BaseChain base() {
      if (type == null || hook == null) {
        return null;
      }
      return new BaseChain(type, hook, priority, policy);
    }
  }
}
