package dev.ksim.dns.server;

import dev.ksim.dns.DnsMessage;
import dev.ksim.dns.DnsName;
import dev.ksim.dns.DnsRecord;
import dev.ksim.dns.Question;
import dev.ksim.dns.Rcode;
import dev.ksim.dns.RecordType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * CoreDNS's autopath plugin: for a query under the first domain of the client's search path, the
 * server walks the rest of the path itself and answers the first name that is not NXDOMAIN, with a
 * CNAME from the name asked to the name answered, so the client's resolver stops after one query.
 *
 * @see <a href="https://github.com/coredns/coredns/blob/master/plugin/autopath/autopath.go">coredns
 *     plugin/autopath/autopath.go ServeDNS, firstInSearchPath</a>
 * @see <a href="https://github.com/coredns/coredns/blob/master/plugin/autopath/cname.go">coredns
 *     plugin/autopath/cname.go cnamer</a>
 */
final class Autopath {
  /** The rcodes a plugin does not write itself (plugin.ClientWrite is false for them). */
  private static final Set<Rcode> NOT_WRITTEN =
      Set.of(Rcode.SERVFAIL, Rcode.REFUSED, Rcode.FORMERR, Rcode.NOTIMP);

  private Autopath() {}

  /**
   * The reply to {@code query} along {@code search} (the empty name last), each name asked of
   * {@code next}, the rest of the plugin chain.
   */
  static DnsMessage walk(DnsMessage query, List<DnsName> search, UnaryOperator<DnsMessage> next) {
    DnsName qname = query.q().name();
    DnsName first = search.get(0);
    if (qname.size() <= first.size()) {
      // dnsutil.TrimZone overshoots when the name is the search domain itself
      return DnsMessage.replyTo(query, Rcode.SERVFAIL);
    }
    List<String> base = qname.labels().subList(0, qname.size() - first.size());
    List<DnsMessage> replies = new ArrayList<>();
    for (DnsName domain : search) {
      List<String> labels = new ArrayList<>(base);
      labels.addAll(domain.labels());
      RecordType type = query.q().type();
      DnsMessage reply = next.apply(query.withQuestion(new Question(new DnsName(labels), type)));
      replies.add(reply);
      if (!NOT_WRITTEN.contains(reply.rcode()) && reply.rcode() != Rcode.NXDOMAIN) {
        return cnamed(reply, query.q());
      }
    }
    return replies.get(0);
  }

  /** Whether {@code name} is the first search domain or under it. */
  static boolean inFirstDomain(DnsName name, List<DnsName> search) {
    return !search.isEmpty() && name.isSubdomainOf(search.get(0));
  }

  /** The reply with a CNAME from the name asked before the first record of another name. */
  private static DnsMessage cnamed(DnsMessage reply, Question original) {
    List<DnsRecord> answer = new ArrayList<>(reply.answer());
    for (DnsRecord record : reply.answer()) {
      if (!record.name().sameAs(original.name())) {
        answer.add(
            0, DnsRecord.target(original.name(), RecordType.CNAME, record.ttl(), record.name()));
        break;
      }
    }
    return reply.withQuestion(original).withSections(answer, reply.authority(), reply.additional());
  }
}
