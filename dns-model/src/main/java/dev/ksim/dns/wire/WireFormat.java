package dev.ksim.dns.wire;

import dev.ksim.dns.DnsMessage;
import dev.ksim.dns.DnsRecord;
import dev.ksim.dns.Edns;
import dev.ksim.dns.Flag;
import dev.ksim.dns.Question;
import dev.ksim.dns.Rcode;
import dev.ksim.dns.RecordType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.xbill.DNS.CookieOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Messages on the wire (RFC 1035 section 4). A reply that fits is written without name compression,
 * as CoreDNS writes small replies; one that does not fit is truncated with TC set.
 */
public final class WireFormat {
  private static final Map<Flag, Integer> FLAG_BITS =
      Map.of(
          Flag.QR, (int) Flags.QR,
          Flag.AA, (int) Flags.AA,
          Flag.TC, (int) Flags.TC,
          Flag.RD, (int) Flags.RD,
          Flag.RA, (int) Flags.RA,
          Flag.AD, (int) Flags.AD,
          Flag.CD, (int) Flags.CD);

  private WireFormat() {}

  private static int bit(Flag flag) {
    return Objects.requireNonNull(FLAG_BITS.get(flag));
  }

  /** Reads a message; bytes that are not one raise {@link WireFormatException}. */
  public static DnsMessage decode(byte[] wire) {
    int id = wire.length >= 2 ? ((wire[0] & 0xff) << 8) | (wire[1] & 0xff) : -1;
    Message m;
    try {
      m = new Message(wire);
    } catch (IOException | RuntimeException e) {
      throw new WireFormatException(id, "not a DNS message: " + e.getMessage());
    }
    Header header = m.getHeader();
    Set<Flag> flags = EnumSet.noneOf(Flag.class);
    for (Flag flag : Flag.values()) {
      if (header.getFlag(bit(flag))) {
        flags.add(flag);
      }
    }
    List<Record> questions = m.getSection(Section.QUESTION);
    if (questions.size() > 1) {
      throw new WireFormatException(id, "more than one question");
    }
    Question question =
        questions.isEmpty()
            ? null
            : new Question(
                Records.name(questions.get(0).getName()),
                new RecordType(questions.get(0).getType()));
    // CHAOS and other classes are not modelled: such a query is answered FORMERR, where a real
    // CoreDNS without the chaos plugin would pass it down its chain
    if (!questions.isEmpty() && questions.get(0).getDClass() != DClass.IN) {
      throw new WireFormatException(id, "class " + DClass.string(questions.get(0).getDClass()));
    }
    OPTRecord opt = m.getOPT();
    Edns edns = null;
    if (opt != null) {
      String cookie = "";
      for (EDNSOption option : opt.getOptions(EDNSOption.Code.COOKIE)) {
        cookie = HexFormat.of().formatHex(((CookieOption) option).getClientCookie());
      }
      edns = new Edns(opt.getPayloadSize(), cookie, opt.getVersion());
    }
    return new DnsMessage(
        header.getID(),
        header.getOpcode(),
        flags,
        Rcode.of(m.getRcode()),
        question,
        records(m, Section.ANSWER),
        records(m, Section.AUTHORITY),
        records(m, Section.ADDITIONAL),
        edns);
  }

  /** Writes {@code message} in at most {@code maxLength} octets. */
  public static byte[] encode(DnsMessage message, int maxLength) {
    Message m = new Message(message.id());
    Header header = m.getHeader();
    header.setOpcode(message.opcode());
    // the low four bits in the header, the rest in the OPT record (RFC 6891 section 6.1.3)
    header.setRcode(message.rcode().code() & 0xf);
    for (Flag flag : message.flags()) {
      header.setFlag(bit(flag));
    }
    if (message.question() != null) {
      Question q = message.question();
      m.addRecord(
          Record.newRecord(Records.name(q.name()), q.type().code(), DClass.IN), Section.QUESTION);
    }
    add(m, message.answer(), Section.ANSWER);
    add(m, message.authority(), Section.AUTHORITY);
    add(m, message.additional(), Section.ADDITIONAL);
    Edns edns = message.edns();
    if (edns != null) {
      List<EDNSOption> options = new ArrayList<>();
      if (!edns.cookie().isEmpty()) {
        options.add(new CookieOption(HexFormat.of().parseHex(edns.cookie())));
      }
      m.addRecord(
          new OPTRecord(edns.udpSize(), message.rcode().code() >> 4, edns.version(), 0, options),
          Section.ADDITIONAL);
    }
    return message.wireLength() <= maxLength ? uncompressed(m) : m.toWire(maxLength);
  }

  private static byte[] uncompressed(Message m) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.writeBytes(m.getHeader().toWire());
    for (int section :
        new int[] {Section.QUESTION, Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL}) {
      for (Record r : m.getSection(section)) {
        out.writeBytes(r.toWire(section));
      }
    }
    return out.toByteArray();
  }

  private static void add(Message m, List<DnsRecord> records, int section) {
    records.forEach(r -> m.addRecord(Records.record(r), section));
  }

  private static List<DnsRecord> records(Message m, int section) {
    List<DnsRecord> out = new ArrayList<>();
    for (Record r : m.getSection(section)) {
      if (!(r instanceof OPTRecord)) {
        out.add(Records.record(r));
      }
    }
    return out;
  }
}
