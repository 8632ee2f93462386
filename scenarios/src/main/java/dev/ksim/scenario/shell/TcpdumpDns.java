package dev.ksim.scenario.shell;

import dev.ksim.dns.DnsMessage;
import dev.ksim.dns.DnsRecord;
import dev.ksim.dns.Flag;
import dev.ksim.dns.RecordType;
import java.util.List;
import java.util.Locale;

/**
 * A DNS message as tcpdump 4.99 prints it without {@code -v}: a query as {@code ID+ [1au] A? NAME.
 * (LENGTH)} and a reply as {@code ID NXDomain*- AN/NS/AR A ADDRESS, ... (LENGTH)}, where {@code +}
 * is recursion desired, {@code *} an authoritative answer, {@code -} recursion not available and
 * {@code [1au]} the OPT record of EDNS.
 *
 * @see <a
 *     href="https://github.com/the-tcpdump-group/tcpdump/blob/tcpdump-4.99/print-domain.c">print-domain.c</a>
 */
final class TcpdumpDns {
  private TcpdumpDns() {}

  /** A query. */
  static String query(DnsMessage query) {
    StringBuilder text = new StringBuilder().append(query.id());
    if (query.has(Flag.RD)) {
      text.append('+');
    }
    if (query.has(Flag.AD)) {
      text.append('$');
    }
    counts(text, query.question() == null ? 0 : 1, "q");
    counts(text, query.answer().size(), "a");
    counts(text, query.authority().size(), "n");
    counts(text, query.additionalCount(), "au");
    if (query.question() != null) {
      text.append(' ').append(query.q().type()).append("? ").append(query.q().name());
    }
    return text.append(" (").append(query.wireLength()).append(')').toString();
  }

  /** A reply. */
  static String reply(DnsMessage reply) {
    StringBuilder text = new StringBuilder().append(reply.id());
    text.append(
        switch (reply.rcode()) {
          case NOERROR -> "";
          case FORMERR -> " FormErr";
          case SERVFAIL -> " ServFail";
          case NXDOMAIN -> " NXDomain";
          case NOTIMP -> " NotImp";
          case REFUSED -> " Refused";
          case BADVERS -> " BadVers";
        });
    if (reply.has(Flag.AA)) {
      text.append('*');
    }
    if (!reply.has(Flag.RA)) {
      text.append('-');
    }
    if (reply.has(Flag.TC)) {
      text.append('|');
    }
    if (reply.has(Flag.AD)) {
      text.append('$');
    }
    if (reply.question() == null) {
      text.append(" [0q]");
    }
    text.append(' ')
        .append(reply.answer().size())
        .append('/')
        .append(reply.authority().size())
        .append('/')
        .append(reply.additionalCount());
    List<DnsRecord> answers = reply.answer();
    for (int i = 0; i < answers.size(); i++) {
      text.append(i == 0 ? " " : ", ").append(record(answers.get(i)));
    }
    return text.append(" (").append(reply.wireLength()).append(')').toString();
  }

  /** {@code [Nx]} for a section other than the question's one record, when not empty. */
  private static void counts(StringBuilder text, int count, String section) {
    boolean usual = section.equals("q") ? count == 1 : count == 0;
    if (!usual) {
      text.append(" [").append(count).append(section).append(']');
    }
  }

  /** An answer record: its type and, for the types tcpdump decodes, its data. */
  private static String record(DnsRecord record) {
    RecordType type = record.type();
    String data = record.data().text();
    if (type.isAddress()
        || type.equals(RecordType.CNAME)
        || type.equals(RecordType.NS)
        || type.equals(RecordType.PTR)) {
      return type + " " + data;
    }
    if (type.equals(RecordType.SRV)) {
      // dig's "priority weight port target" as tcpdump's "target:port priority weight"
      String[] words = data.split(" ");
      return String.format(Locale.ROOT, "SRV %s:%s %s %s", words[3], words[2], words[0], words[1]);
    }
    return type.toString();
  }
}
