package dev.ksim.netfilter.nft;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * One statement of a rule: a match that lets the packet on or stops the rule, a lookup in a set or
 * verdict map, an action (mark, NAT, set update, counter, log) or a verdict. Evaluation lives in
 * {@code nft.eval} behind {@link Visitor}; {@link #text()} is the statement as {@code nft list}
 * prints it.
 */
public sealed interface NftStatement {

  /** The statement as {@code nft list} prints it. */
  default String text() {
    return text(NftOutput.SYMBOLIC);
  }

  /** The statement as {@code nft list} prints it, or {@code nft -n list}. */
  String text(NftOutput output);

  /**
   * The packet fields a match, set lookup or verdict-map lookup reads, in the order of its key
   * (empty for other statements).
   */
  default List<NftField> matchedFields() {
    return List.of();
  }

  <R> R accept(Visitor<R> visitor);

  /** One method per kind of statement. */
  interface Visitor<R> {
    R visitMatch(Match match);

    R visitSetMatch(SetMatch match);

    R visitVerdictMap(VerdictMap map);

    R visitNumgen(Numgen numgen);

    R visitVerdict(Verdict verdict);

    R visitReject(Reject reject);

    R visitCounter(Counter counter);

    R visitMarkSet(MarkSet markSet);

    R visitNat(Nat nat);

    R visitSetUpdate(SetUpdate update);

    R visitLog(Log log);

    R visitNotrack(Notrack notrack);
  }

  /**
   * A field compared with one value: {@code ip daddr 10.96.0.1}, {@code ip saddr != 10.0.0.0/8},
   * {@code meta mark & 0x00004000 == 0x00000000}.
   *
   * @param field the field read
   * @param mask a bit mask applied first ({@code &}), or -1 for none
   * @param negated {@code !=}
   * @param value the value compared with
   */
  record Match(NftField field, long mask, boolean negated, NftValue value) implements NftStatement {
    @Override
    public List<NftField> matchedFields() {
      return List.of(field);
    }

    @Override
    public String text(NftOutput output) {
      if (mask >= 0) {
        String op = negated ? " != " : " == ";
        return field.text()
            + " & "
            + new NftValue.Int(mask, field.type()).text(output)
            + op
            + value.text(output);
      }
      return field.text() + (negated ? " != " : " ") + value.text(output);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitMatch(this);
    }
  }

  /**
   * Fields (concatenated with {@code .}) looked up in a named set ({@code ip daddr @cluster-ips})
   * or an anonymous one ({@code tcp dport { 80, 443 }}).
   *
   * @param key the fields, concatenated
   * @param negated {@code !=}: matches when the key is not in the set
   * @param setName the named set, or null for an anonymous set
   * @param anonymous the anonymous set's elements (empty for a named set)
   */
  record SetMatch(
      List<NftField> key, boolean negated, @Nullable String setName, List<NftElement> anonymous)
      implements NftStatement {
    public SetMatch {
      key = ImmutableList.copyOf(key);
      anonymous = ImmutableList.copyOf(anonymous);
      checkArgument((setName == null) != anonymous.isEmpty(), "a set match needs one set");
    }

    @Override
    public List<NftField> matchedFields() {
      return key;
    }

    @Override
    public String text(NftOutput output) {
      String set = setName != null ? "@" + setName : NftElements.anonymousText(anonymous, output);
      return keyText(key) + (negated ? " != " : " ") + set;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitSetMatch(this);
    }
  }

  /**
   * Fields looked up in a verdict map whose element's verdict is then taken: {@code ip daddr . meta
   * l4proto . th dport vmap @service-ips}.
   *
   * @param key the fields, concatenated
   * @param mapName the named map, or null for an anonymous one
   * @param anonymous the anonymous map's elements
   */
  record VerdictMap(List<NftField> key, @Nullable String mapName, List<NftElement> anonymous)
      implements NftStatement {
    public VerdictMap {
      key = ImmutableList.copyOf(key);
      anonymous = ImmutableList.copyOf(anonymous);
      checkArgument((mapName == null) != anonymous.isEmpty(), "a verdict map lookup needs a map");
    }

    @Override
    public List<NftField> matchedFields() {
      return key;
    }

    @Override
    public String text(NftOutput output) {
      String map = mapName != null ? "@" + mapName : NftElements.anonymousText(anonymous, output);
      return keyText(key) + " vmap " + map;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitVerdictMap(this);
    }
  }

  /**
   * {@code numgen random mod N vmap { 0 : goto a, 1 : goto b }}: a random number below N picks the
   * element whose verdict is taken.
   *
   * @param modulus N
   * @param elements the anonymous verdict map, keyed by number
   */
  record Numgen(int modulus, List<NftElement> elements) implements NftStatement {
    public Numgen {
      checkArgument(modulus > 0, "numgen modulus must be positive: %s", modulus);
      elements = ImmutableList.copyOf(elements);
    }

    @Override
    public String text(NftOutput output) {
      return "numgen random mod "
          + modulus
          + " vmap "
          + NftElements.anonymousText(elements, output);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitNumgen(this);
    }
  }

  /** A verdict ending the rule: accept, drop, continue, return, jump or goto. */
  record Verdict(NftVerdict verdict) implements NftStatement {
    @Override
    public String text(NftOutput output) {
      return verdict.text();
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitVerdict(this);
    }
  }

  /**
   * {@code reject}: drop and answer with an ICMP error or a TCP reset.
   *
   * @param with what is sent, as written after {@code with} (null: the family's port-unreachable)
   */
  record Reject(@Nullable String with) implements NftStatement {
    @Override
    public String text(NftOutput output) {
      if (with == null) {
        return "reject";
      }
      int space = with.indexOf(' ');
      String kind = with.substring(0, space);
      String code = with.substring(space + 1);
      return output == NftOutput.NUMERIC
          ? "reject with "
              + kind
              + " "
              + RejectCodes.number(kind, code).map(String::valueOf).orElse(code)
          : "reject with " + with;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitReject(this);
    }
  }

  /** {@code counter}, with the values it was created with. */
  record Counter(long packets, long bytes) implements NftStatement {
    @Override
    public String text(NftOutput output) {
      return "counter packets " + packets + " bytes " + bytes;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitCounter(this);
    }
  }

  /**
   * {@code meta mark set ...}: the packet mark set to a value, or to itself combined with one.
   *
   * @param op how the old mark and the value combine
   * @param value the value
   */
  record MarkSet(MarkOp op, long value) implements NftStatement {
    /** How {@code meta mark set} computes the new mark. */
    public enum MarkOp {
      SET(""),
      OR("|"),
      XOR("^"),
      AND("&");

      private final String symbol;

      MarkOp(String symbol) {
        this.symbol = symbol;
      }

      public long apply(long mark, long value) {
        return switch (this) {
          case SET -> value;
          case OR -> mark | value;
          case XOR -> mark ^ value;
          case AND -> mark & value;
        };
      }
    }

    @Override
    public String text(NftOutput output) {
      String hex = new NftValue.Int(value, NftType.MARK).text();
      return op == MarkOp.SET
          ? "meta mark set " + hex
          : "meta mark set meta mark " + op.symbol + " " + hex;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitMarkSet(this);
    }
  }

  /**
   * A NAT statement: {@code dnat to ADDR[:PORT]}, {@code snat to ADDR}, {@code masquerade}, {@code
   * redirect to :PORT}, with flags such as {@code fully-random}.
   *
   * @param kind which NAT
   * @param address the new address (null for masquerade and redirect)
   * @param port the new port, 0 to keep it
   * @param family the address family written after the keyword in inet tables ({@code dnat ip to
   *     ...}), null when not written
   * @param flags flags as written
   */
  record Nat(
      NatKind kind,
      @Nullable IpAddress address,
      int port,
      @Nullable IpFamily family,
      List<String> flags)
      implements NftStatement {
    /** The NAT statements. */
    public enum NatKind {
      DNAT,
      SNAT,
      MASQUERADE,
      REDIRECT
    }

    public Nat {
      flags = ImmutableList.copyOf(flags);
      checkArgument(
          (address != null) == (kind == NatKind.DNAT || kind == NatKind.SNAT),
          "%s needs an address exactly when it is dnat or snat",
          kind);
    }

    @Override
    public String text(NftOutput output) {
      StringBuilder text = new StringBuilder(kind.name().toLowerCase(Locale.ROOT));
      if (family != null) {
        text.append(family == IpFamily.IPV4 ? " ip" : " ip6");
      }
      if (address != null) {
        text.append(" to ");
        text.append(address.isV4() || port == 0 ? address.toString() : "[" + address + "]");
        if (port != 0) {
          text.append(':').append(port);
        }
      } else if (port != 0) {
        text.append(" to :").append(port);
      }
      for (String flag : flags) {
        text.append(' ').append(flag);
      }
      return text.toString();
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitNat(this);
    }
  }

  /**
   * {@code update @set { ip saddr }} (or {@code add}): puts the packet's key into a dynamic set,
   * refreshing its timeout.
   *
   * @param op {@code add} or {@code update}
   * @param setName the set
   * @param key the fields forming the element's key
   * @param timeoutMillis the element's timeout as written, 0 for the set's default
   */
  record SetUpdate(String op, String setName, List<NftField> key, long timeoutMillis)
      implements NftStatement {
    public SetUpdate {
      key = ImmutableList.copyOf(key);
      checkArgument(op.equals("add") || op.equals("update"), "set statement op: %s", op);
    }

    @Override
    public String text(NftOutput output) {
      String timeout =
          timeoutMillis > 0 ? " timeout " + NftDuration.format(timeoutMillis, output) : "";
      return op + " @" + setName + " { " + keyText(key) + timeout + " }";
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitSetUpdate(this);
    }
  }

  /** {@code log [prefix "..."]}. */
  record Log(@Nullable String prefix) implements NftStatement {
    @Override
    public String text(NftOutput output) {
      return prefix == null ? "log" : "log prefix \"" + prefix + "\"";
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitLog(this);
    }
  }

  /** {@code notrack}: the packet is not tracked by conntrack. */
  record Notrack() implements NftStatement {
    @Override
    public String text(NftOutput output) {
      return "notrack";
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitNotrack(this);
    }
  }

  /** Concatenated fields as nft prints them: {@code ip daddr . meta l4proto . th dport}. */
  static String keyText(List<NftField> key) {
    return key.stream().map(NftField::text).collect(Collectors.joining(" . "));
  }
}
