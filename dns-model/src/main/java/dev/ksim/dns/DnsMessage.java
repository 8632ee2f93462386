package dev.ksim.dns;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.Sets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A DNS message: header (id, opcode, flags, rcode), at most one question, the answer, authority and
 * additional sections (without the OPT pseudo-record, which is {@link #edns()}).
 */
public record DnsMessage(
    int id,
    int opcode,
    Set<Flag> flags,
    Rcode rcode,
    @Nullable Question question,
    List<DnsRecord> answer,
    List<DnsRecord> authority,
    List<DnsRecord> additional,
    @Nullable Edns edns) {
  /** The opcode of a standard query. */
  public static final int QUERY = 0;

  public DnsMessage {
    flags = Sets.immutableEnumSet(flags);
    answer = ImmutableList.copyOf(answer);
    authority = ImmutableList.copyOf(authority);
    additional = ImmutableList.copyOf(additional);
  }

  /** A standard query for {@code question}, recursion desired when {@code rd}. */
  public static DnsMessage query(int id, Question question, boolean rd, @Nullable Edns edns) {
    return new DnsMessage(
        id,
        QUERY,
        rd ? EnumSet.of(Flag.RD) : EnumSet.noneOf(Flag.class),
        Rcode.NOERROR,
        question,
        List.of(),
        List.of(),
        List.of(),
        edns);
  }

  /** An empty reply to {@code query}: its id, opcode and question, qr set, rd copied. */
  public static DnsMessage replyTo(DnsMessage query, Rcode rcode) {
    Set<Flag> flags = EnumSet.of(Flag.QR);
    if (query.has(Flag.RD)) {
      flags.add(Flag.RD);
    }
    return new DnsMessage(
        query.id,
        query.opcode,
        flags,
        rcode,
        query.question,
        List.of(),
        List.of(),
        List.of(),
        null);
  }

  public boolean has(Flag flag) {
    return flags.contains(flag);
  }

  /** The question, for a message known to have one. */
  public Question q() {
    if (question == null) {
      throw new IllegalStateException("message " + id + " has no question");
    }
    return question;
  }

  public DnsMessage withFlag(Flag flag, boolean set) {
    Set<Flag> changed = flags.isEmpty() ? EnumSet.noneOf(Flag.class) : EnumSet.copyOf(flags);
    if (set) {
      changed.add(flag);
    } else {
      changed.remove(flag);
    }
    return new DnsMessage(
        id, opcode, changed, rcode, question, answer, authority, additional, edns);
  }

  public DnsMessage withId(int newId) {
    return new DnsMessage(
        newId, opcode, flags, rcode, question, answer, authority, additional, edns);
  }

  public DnsMessage withRcode(Rcode newRcode) {
    return new DnsMessage(
        id, opcode, flags, newRcode, question, answer, authority, additional, edns);
  }

  public DnsMessage withQuestion(@Nullable Question newQuestion) {
    return new DnsMessage(
        id, opcode, flags, rcode, newQuestion, answer, authority, additional, edns);
  }

  public DnsMessage withSections(
      List<DnsRecord> newAnswer, List<DnsRecord> newAuthority, List<DnsRecord> newAdditional) {
    return new DnsMessage(
        id, opcode, flags, rcode, question, newAnswer, newAuthority, newAdditional, edns);
  }

  public DnsMessage withEdns(@Nullable Edns newEdns) {
    return new DnsMessage(
        id, opcode, flags, rcode, question, answer, authority, additional, newEdns);
  }

  /** The three record sections, in wire order. */
  public List<List<DnsRecord>> sections() {
    return List.of(answer, authority, additional);
  }

  /** Records of the additional section as dig counts them: the OPT record included. */
  public int additionalCount() {
    return additional.size() + (edns == null ? 0 : 1);
  }

  /** The message's length on the wire without name compression, as CoreDNS sends small replies. */
  public int wireLength() {
    int length = 12 + (question == null ? 0 : question.wireLength());
    for (List<DnsRecord> section : sections()) {
      length += section.stream().mapToInt(DnsRecord::wireLength).sum();
    }
    return length + (edns == null ? 0 : edns.wireLength());
  }
}
