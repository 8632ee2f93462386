package dev.ksim.netfilter.nft.text;

import dev.ksim.net.Cidr;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.net.Protocol;
import dev.ksim.netfilter.nft.CtBits;
import dev.ksim.netfilter.nft.NftDuration;
import dev.ksim.netfilter.nft.NftElement;
import dev.ksim.netfilter.nft.NftField;
import dev.ksim.netfilter.nft.NftSet;
import dev.ksim.netfilter.nft.NftStatement;
import dev.ksim.netfilter.nft.NftType;
import dev.ksim.netfilter.nft.NftValue;
import dev.ksim.netfilter.nft.NftVerdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Parses the statements of one rule, and set elements against their set's types, from tokens of
 * {@code nft -f} input.
 */
final class NftExpressionParser {
  private final String file;
  private final NftTokenCursor in;
  private @Nullable String comment;

  NftExpressionParser(String file, List<NftToken> tokens) {
    this.file = file;
    this.in = new NftTokenCursor(file, tokens);
  }

  /** The rule's comment, after {@link #statements()}. */
  @Nullable String comment() {
    return comment;
  }

  List<NftStatement> statements() {
    List<NftStatement> statements = new ArrayList<>();
    while (!in.atEnd()) {
      if (in.peek().is("comment")) {
        in.next();
        comment = in.expect(NftToken.Kind.STRING).text();
        if (!in.atEnd()) {
          throw in.unexpected(in.peek());
        }
        break;
      }
      statements.add(statement(statements));
    }
    if (statements.isEmpty() && comment == null) {
      throw in.error(in.line(), "syntax error, unexpected end of rule");
    }
    return statements;
  }

  private NftStatement statement(List<NftStatement> before) {
    NftToken token = in.peek();
    String word = token.text();
    if (token.kind() != NftToken.Kind.WORD) {
      throw in.unexpected(token);
    }
    switch (word) {
      case "accept", "drop", "continue", "return", "jump", "goto" -> {
        return new NftStatement.Verdict(verdict());
      }
      case "reject" -> {
        in.next();
        return reject();
      }
      case "counter" -> {
        in.next();
        long packets = 0;
        long bytes = 0;
        if (in.peek().is("packets")) {
          in.next();
          packets = number();
          in.expectWord("bytes");
          bytes = number();
        }
        return new NftStatement.Counter(packets, bytes);
      }
      case "log" -> {
        in.next();
        String prefix = null;
        if (in.peek().is("prefix")) {
          in.next();
          prefix = in.expect(NftToken.Kind.STRING).text();
        }
        return new NftStatement.Log(prefix);
      }
      case "notrack" -> {
        in.next();
        return new NftStatement.Notrack();
      }
      case "masquerade", "redirect", "dnat", "snat" -> {
        return nat(before);
      }
      case "update", "add" -> {
        return setUpdate();
      }
      case "numgen" -> {
        return numgen();
      }
      default -> {
        if (isMarkSet()) {
          return markSet();
        }
        return match();
      }
    }
  }

  private NftVerdict verdict() {
    String word = in.next().text();
    return switch (word) {
      case "accept" -> NftVerdict.ACCEPT;
      case "drop" -> NftVerdict.DROP;
      case "continue" -> NftVerdict.CONTINUE;
      case "return" -> NftVerdict.RETURN;
      case "jump" -> NftVerdict.jump(in.expect(NftToken.Kind.WORD).text());
      case "goto" -> NftVerdict.goTo(in.expect(NftToken.Kind.WORD).text());
      default ->
          throw in.error(in.line(), "syntax error, unexpected " + word + ", expecting verdict");
    };
  }

  private NftStatement reject() {
    if (!in.peek().is("with")) {
      return new NftStatement.Reject(null);
    }
    in.next();
    String kind = in.expect(NftToken.Kind.WORD).text();
    if (in.peek().is("type")) {
      in.next();
    }
    String what = in.expect(NftToken.Kind.WORD).text();
    String with = kind + " " + what;
    boolean isDefault =
        with.equals("icmp port-unreachable")
            || with.equals("icmpv6 port-unreachable")
            || with.equals("icmpx port-unreachable");
    return new NftStatement.Reject(isDefault ? null : with);
  }

  private NftStatement nat(List<NftStatement> before) {
    String word = in.next().text();
    NftStatement.Nat.NatKind kind = NftStatement.Nat.NatKind.valueOf(word.toUpperCase(Locale.ROOT));
    IpFamily family = null;
    if (in.peek().is("ip") || in.peek().is("ip6")) {
      family = in.next().is("ip") ? IpFamily.IPV4 : IpFamily.IPV6;
    }
    IpAddress address = null;
    int port = 0;
    if (in.peek().is("to")) {
      in.next();
      String target = in.expect(NftToken.Kind.WORD).text();
      if (kind == NftStatement.Nat.NatKind.DNAT || kind == NftStatement.Nat.NatKind.SNAT) {
        int colon = target.startsWith("[") ? target.indexOf("]:") + 1 : target.lastIndexOf(':');
        boolean v6Bare = !target.startsWith("[") && target.indexOf(':') != colon;
        String host = colon > 0 && !v6Bare ? target.substring(0, colon) : target;
        if (colon > 0 && !v6Bare) {
          port = port(target.substring(colon + 1));
        }
        address = address(host.replace("[", "").replace("]", ""));
      } else if (target.startsWith(":")) {
        port = port(target.substring(1));
      } else {
        throw in.error(in.line(), "syntax error, unexpected " + target);
      }
    } else if (kind == NftStatement.Nat.NatKind.DNAT || kind == NftStatement.Nat.NatKind.SNAT) {
      throw in.error(in.line(), "syntax error, unexpected end of rule, expecting to");
    }
    if (port != 0 && !hasTransportMatch(before)) {
      throw in.error(
          in.line(), "transport protocol mapping is only valid after transport protocol match");
    }
    List<String> flags = new ArrayList<>();
    while (!in.atEnd() && isNatFlag(in.peek().text())) {
      flags.add(in.next().text());
      if (in.peek().kind() == NftToken.Kind.COMMA) {
        in.next();
      }
    }
    return new NftStatement.Nat(kind, address, port, family, flags);
  }

  private static boolean isNatFlag(String word) {
    return word.equals("fully-random") || word.equals("random") || word.equals("persistent");
  }

  /** Whether a statement before the NAT statement gave the transport protocol. */
  private static boolean hasTransportMatch(List<NftStatement> before) {
    for (NftStatement statement : before) {
      List<NftField> fields = statement.matchedFields();
      if (!fields.isEmpty() && fields.get(0).namesTransportProtocol()) {
        return true;
      }
    }
    return false;
  }

  private NftStatement setUpdate() {
    String op = in.next().text();
    String set = in.expect(NftToken.Kind.WORD).text();
    if (!set.startsWith("@")) {
      throw in.error(in.line(), "syntax error, unexpected " + set + ", expecting @set");
    }
    in.expect(NftToken.Kind.LBRACE);
    List<NftField> key = key();
    long timeout = 0;
    if (in.peek().is("timeout")) {
      in.next();
      timeout = duration();
    }
    in.expect(NftToken.Kind.RBRACE);
    return new NftStatement.SetUpdate(op, set.substring(1), key, timeout);
  }

  private NftStatement numgen() {
    in.next();
    in.expectWord("random");
    in.expectWord("mod");
    long modulus = number();
    if (modulus <= 0 || modulus > Integer.MAX_VALUE) {
      throw in.error(in.line(), "numgen modulus must be positive: " + modulus);
    }
    in.expectWord("vmap");
    List<NftElement> elements = anonymousMap(List.of(NftType.INTEGER));
    return new NftStatement.Numgen((int) modulus, elements);
  }

  private boolean isMarkSet() {
    int offset = in.peek().is("meta") ? 1 : 0;
    return in.lookingAt(offset, "mark") && in.lookingAt(offset + 1, "set");
  }

  private NftStatement markSet() {
    if (in.peek().is("meta")) {
      in.next();
    }
    in.next();
    in.next();
    if (in.peek().is("meta") || in.peek().is("mark")) {
      if (in.next().is("meta")) {
        in.expectWord("mark");
      }
      String op = in.expect(NftToken.Kind.WORD).text();
      NftStatement.MarkSet.MarkOp markOp =
          switch (op) {
            case "or", "|" -> NftStatement.MarkSet.MarkOp.OR;
            case "xor", "^" -> NftStatement.MarkSet.MarkOp.XOR;
            case "and", "&" -> NftStatement.MarkSet.MarkOp.AND;
            default -> throw in.error(in.line(), "syntax error, unexpected " + op);
          };
      return new NftStatement.MarkSet(markOp, number());
    }
    return new NftStatement.MarkSet(NftStatement.MarkSet.MarkOp.SET, number());
  }

  private NftStatement match() {
    List<NftField> key = key();
    long mask = -1;
    if (in.peek().is("&") || in.peek().is("and")) {
      in.next();
      mask = number();
    }
    if (in.peek().is("vmap")) {
      in.next();
      if (in.peek().kind() == NftToken.Kind.LBRACE) {
        return new NftStatement.VerdictMap(key, null, anonymousMap(types(key)));
      }
      return new NftStatement.VerdictMap(key, setName(), List.of());
    }
    boolean negated = false;
    if (in.peek().is("!=")) {
      in.next();
      negated = true;
    } else if (in.peek().is("==")) {
      in.next();
    }
    if (in.peek().kind() == NftToken.Kind.WORD && in.peek().text().startsWith("@")) {
      return new NftStatement.SetMatch(key, negated, setName(), List.of());
    }
    if (in.peek().kind() == NftToken.Kind.LBRACE) {
      List<NftElement> elements = anonymousSet(types(key));
      if (elements.size() == 1 && key.size() == 1 && mask < 0) {
        return new NftStatement.Match(key.get(0), -1, negated, elements.get(0).key().get(0));
      }
      return new NftStatement.SetMatch(key, negated, null, elements);
    }
    if (key.size() != 1) {
      throw in.error(in.line(), "syntax error, a concatenation needs a set or map");
    }
    NftField field = key.get(0);
    return new NftStatement.Match(field, mask, negated, value(field.type()));
  }

  private String setName() {
    String word = in.expect(NftToken.Kind.WORD).text();
    if (!word.startsWith("@") || word.length() == 1) {
      throw in.error(in.line(), "syntax error, unexpected " + word + ", expecting @set");
    }
    return word.substring(1);
  }

  private static List<NftType> types(List<NftField> key) {
    return key.stream().map(NftField::type).toList();
  }

  /** Fields concatenated with {@code .}. */
  private List<NftField> key() {
    List<NftField> key = new ArrayList<>();
    key.add(field());
    while (in.peek().is(".")) {
      in.next();
      key.add(field());
    }
    return key;
  }

  private NftField field() {
    NftToken first = in.expect(NftToken.Kind.WORD);
    String word = first.text();
    String text =
        switch (word) {
          case "ip", "ip6", "th", "tcp", "udp", "sctp", "ct" ->
              word + " " + in.expect(NftToken.Kind.WORD).text();
          case "meta" -> {
            String key = in.expect(NftToken.Kind.WORD).text();
            yield key.equals("iifname") || key.equals("oifname") ? key : "meta " + key;
          }
          case "mark" -> "meta mark";
          case "l4proto" -> "meta l4proto";
          case "iifname", "oifname" -> word;
          case "fib" -> {
            String which = in.expect(NftToken.Kind.WORD).text();
            in.expectWord("type");
            yield "fib " + which + " type";
          }
          default -> throw in.error(first.line(), "syntax error, unexpected " + word);
        };
    return NftField.tryParse(text)
        .orElseThrow(() -> in.error(first.line(), "ksim does not model the expression " + text));
  }

  private List<NftElement> anonymousSet(List<NftType> types) {
    List<NftElement> elements = new ArrayList<>();
    for (List<NftToken> raw : braced()) {
      elements.add(new NftExpressionParser(file, raw).key(types, null, null, false));
    }
    return elements;
  }

  private List<NftElement> anonymousMap(List<NftType> types) {
    List<NftElement> elements = new ArrayList<>();
    for (List<NftToken> raw : braced()) {
      elements.add(new NftExpressionParser(file, raw).key(types, NftType.VERDICT, null, false));
    }
    return elements;
  }

  /** The comma-separated items between braces, each as its own tokens. */
  List<List<NftToken>> braced() {
    in.expect(NftToken.Kind.LBRACE);
    List<List<NftToken>> items = new ArrayList<>();
    List<NftToken> item = new ArrayList<>();
    while (true) {
      NftToken token = in.next();
      switch (token.kind()) {
        case RBRACE -> {
          if (!item.isEmpty()) {
            items.add(item);
          }
          return items;
        }
        case COMMA -> {
          if (!item.isEmpty()) {
            items.add(item);
          }
          item = new ArrayList<>();
        }
        case NEWLINE -> {
          // elements may span lines
        }
        case END, LBRACE, SEMICOLON -> throw in.unexpected(token);
        default -> item.add(token);
      }
    }
  }

  /** One element of a named set or map. */
  NftElement element(NftSet set) {
    return key(set.keyType(), set.dataType(), set, false);
  }

  /**
   * One element of a named set or map being deleted: a map's element may be given by its key alone,
   * as {@code nft delete element} accepts it.
   */
  NftElement elementKey(NftSet set) {
    return key(set.keyType(), set.dataType(), set, true);
  }

  private NftElement key(
      List<NftType> types, @Nullable NftType dataType, @Nullable NftSet set, boolean keyOnly) {
    List<NftValue> key = new ArrayList<>();
    for (int i = 0; i < types.size(); i++) {
      if (i > 0) {
        in.expectWord(".");
      }
      key.add(value(types.get(i)));
    }
    long timeout = 0;
    String elementComment = null;
    while (!in.atEnd() && !in.peek().is(":")) {
      String word = in.expect(NftToken.Kind.WORD).text();
      switch (word) {
        case "timeout" -> timeout = duration();
        case "expires" -> duration();
        case "comment" -> elementComment = in.expect(NftToken.Kind.STRING).text();
        default -> throw in.error(in.line(), "syntax error, unexpected " + word);
      }
    }
    if (set != null && timeout > 0 && !set.hasFlag("timeout")) {
      throw in.error(in.line(), "Could not process rule: Operation not supported");
    }
    NftVerdict verdict = null;
    NftValue data = null;
    if (dataType != null && !(keyOnly && in.atEnd())) {
      in.expectWord(":");
      if (dataType == NftType.VERDICT) {
        verdict = verdict();
      } else {
        data = value(dataType);
      }
    }
    if (!in.atEnd()) {
      throw in.unexpected(in.peek());
    }
    return new NftElement(key, verdict, data, elementComment, timeout);
  }

  private NftValue value(NftType type) {
    NftToken token = in.next();
    String text = token.text();
    if (type == NftType.IFNAME) {
      return new NftValue.Text(text);
    }
    if (token.kind() != NftToken.Kind.WORD) {
      throw in.unexpected(token);
    }
    return switch (type) {
      case IPV4_ADDR, IPV6_ADDR -> addressValue(text, type);
      case INET_PROTO -> new NftValue.Int(protocol(text), type);
      case INET_SERVICE, INTEGER, MARK -> numberValue(text, type);
      case CT_STATE, CT_STATUS -> flags(text, type);
      case FIB_ADDRTYPE -> new NftValue.Symbol(text);
      case IFNAME, VERDICT -> throw in.error(token.line(), "syntax error, unexpected " + text);
    };
  }

  private NftValue addressValue(String text, NftType type) {
    IpFamily family = type == NftType.IPV4_ADDR ? IpFamily.IPV4 : IpFamily.IPV6;
    int dash = text.indexOf('-');
    if (dash > 0) {
      IpAddress first = address(text.substring(0, dash));
      IpAddress last = address(text.substring(dash + 1));
      checkFamily(first, family);
      checkFamily(last, family);
      if (first.compareTo(last) > 0) {
        throw in.error(in.line(), "Range has zero or negative size");
      }
      return new NftValue.AddressRange(first, last);
    }
    int slash = text.indexOf('/');
    if (slash > 0) {
      IpAddress network = address(text.substring(0, slash));
      checkFamily(network, family);
      int length = (int) decimal(text.substring(slash + 1));
      if (length > family.bits()) {
        throw in.error(
            in.line(),
            "Prefix length " + length + " is invalid for type of " + family.bits() + " bits");
      }
      return new NftValue.Address(Cidr.containing(network, length));
    }
    IpAddress address = address(text);
    checkFamily(address, family);
    return new NftValue.Address(Cidr.containing(address, family.bits()));
  }

  private void checkFamily(IpAddress address, IpFamily family) {
    if (address.family() != family) {
      throw in.error(
          in.line(), "Could not resolve hostname: Address family for hostname not supported");
    }
  }

  private IpAddress address(String text) {
    return IpAddress.tryParse(text)
        .orElseThrow(
            () -> in.error(in.line(), "Could not resolve hostname: Name or service not known"));
  }

  private NftValue numberValue(String text, NftType type) {
    int dash = text.indexOf('-', 1);
    if (dash > 0) {
      long first = integer(text.substring(0, dash), type);
      long last = integer(text.substring(dash + 1), type);
      if (first > last) {
        throw in.error(in.line(), "Range has zero or negative size");
      }
      return new NftValue.NumberRange(first, last, type);
    }
    return new NftValue.Int(integer(text, type), type);
  }

  private long integer(String text, NftType type) {
    long value = parseNumber(text);
    long max = type == NftType.INET_SERVICE ? 65535 : 0xffffffffL;
    if (value < 0 || value > max) {
      throw in.error(in.line(), "Value " + text + " exceeds valid range 0-" + max);
    }
    return value;
  }

  private NftValue flags(String first, NftType type) {
    long bits = flag(first, type);
    while (in.peek().kind() == NftToken.Kind.COMMA && lookingAtFlag(1, type)) {
      in.next();
      bits |= flag(in.next().text(), type);
    }
    return new NftValue.Flags(bits, type);
  }

  private boolean lookingAtFlag(int offset, NftType type) {
    NftToken token = in.ahead(offset);
    return token != null
        && token.kind() == NftToken.Kind.WORD
        && CtBits.bit(token.text(), type).isPresent();
  }

  private long flag(String name, NftType type) {
    OptionalLong bit = CtBits.bit(name, type);
    if (bit.isEmpty()) {
      throw in.error(in.line(), "Error: '" + name + "' is not a valid " + type.token() + " value");
    }
    return bit.getAsLong();
  }

  private long protocol(String text) {
    return Protocol.tryParse(text)
        .map(p -> (long) p.number())
        .orElseGet(() -> integer(text, NftType.INTEGER));
  }

  private int port(String text) {
    return (int) integer(text, NftType.INET_SERVICE);
  }

  private long number() {
    return parseNumber(in.expect(NftToken.Kind.WORD).text());
  }

  private long parseNumber(String text) {
    try {
      if (text.startsWith("0x") || text.startsWith("0X")) {
        return Long.parseLong(text.substring(2), 16);
      }
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw in.error(in.line(), "syntax error, unexpected " + text + ", expecting number");
    }
  }

  private long decimal(String text) {
    if (!text.matches("\\d{1,9}")) {
      throw in.error(in.line(), "syntax error, unexpected " + text + ", expecting number");
    }
    return Long.parseLong(text);
  }

  private long duration() {
    String text = in.expect(NftToken.Kind.WORD).text();
    OptionalLong millis = NftDuration.parse(text);
    if (millis.isEmpty()) {
      throw in.error(in.line(), "Wrong time format, expecting [d][h][m][s][ms] format: " + text);
    }
    return millis.getAsLong();
  }
}
