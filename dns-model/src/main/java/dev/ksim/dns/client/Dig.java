package dev.ksim.dns.client;

import dev.ksim.dns.DnsMessage;
import dev.ksim.dns.DnsName;
import dev.ksim.dns.DnsRecord;
import dev.ksim.dns.Edns;
import dev.ksim.dns.Flag;
import dev.ksim.dns.Question;
import dev.ksim.dns.Rcode;
import dev.ksim.dns.RecordType;
import dev.ksim.dns.resolver.ResolvConf;
import dev.ksim.dns.resolver.SearchList;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.IntSupplier;

/**
 * dig as BIND 9.18 runs and prints it: one query (or, with {@code +search}, one per search-list
 * name until one is not NXDOMAIN), sent with EDNS (udp 1232) and a client cookie, printed in dig's
 * layout (../shared/reference/dns-client-output.md section 1).
 */
public final class Dig {
  /** The version line dig prints, from Debian 12's dnsutils. */
  public static final String VERSION = "9.18.49-1~deb12u3-Debian";

  private static final int UDP_SIZE = 1232;
  private static final int COOKIE_BYTES = 8;
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss 'UTC' yyyy", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private Dig() {}

  /** The exchanges dig makes for {@code request} from a host with {@code conf}. */
  public static List<Exchange> run(
      DigRequest request, ResolvConf conf, Transport transport, IntSupplier random) {
    String server = request.server();
    if (server == null) {
      server = conf.nameservers().isEmpty() ? "127.0.0.1" : conf.nameservers().get(0);
    }
    List<String> names =
        request.search()
            ? SearchList.candidates(request.name(), conf)
            : List.of(absolute(request.name()));
    List<Exchange> exchanges = new ArrayList<>();
    for (String name : names) {
      DnsMessage query = query(name, request.type(), request.recurse(), random);
      DnsMessage reply = null;
      for (int attempt = 0; attempt < request.tries() && reply == null; attempt++) {
        Exchange exchange = transport.send(server, query, request.tcp());
        exchanges.add(exchange);
        reply = exchange.reply();
      }
      // dig's +search (dighost.c next_origin) moves on after NXDOMAIN only, unlike glibc
      if (reply == null || reply.rcode() != Rcode.NXDOMAIN) {
        return exchanges;
      }
    }
    return exchanges;
  }

  /** The query dig sends: rd (unless +norecurse), EDNS with udp 1232 and a client cookie. */
  public static DnsMessage query(
      String name, RecordType type, boolean recurse, IntSupplier random) {
    DnsName qname =
        DnsName.tryParse(name)
            .orElseThrow(() -> new ClientException("dig: '" + name + "' is not a legal name"));
    StringBuilder cookie = new StringBuilder();
    for (int i = 0; i < COOKIE_BYTES; i++) {
      cookie.append(String.format(Locale.ROOT, "%02x", random.getAsInt() & 0xff));
    }
    return DnsMessage.query(
        random.getAsInt() & 0xffff,
        new Question(qname, type),
        recurse,
        new Edns(UDP_SIZE, cookie.toString()));
  }

  /** dig's output for the exchanges {@link #run} made. */
  public static String print(DigRequest request, List<Exchange> exchanges, Instant when) {
    StringBuilder out = new StringBuilder();
    DigRequest.Display show = request.display();
    for (Exchange e : exchanges) {
      if (e.reply() == null) {
        out.append(e.communicationsError()).append('\n');
      }
    }
    List<Exchange> answered = exchanges.stream().filter(e -> e.reply() != null).toList();
    if (answered.isEmpty()) {
      if (show.shows(DigRequest.Part.CMD)) {
        out.append('\n');
        banner(out, request);
      }
      out.append(";; no servers could be reached\n");
      return out.toString();
    }
    List<Exchange> shown =
        request.showSearch() ? answered : List.of(answered.get(answered.size() - 1));
    for (Exchange e : shown) {
      DnsMessage reply = Objects.requireNonNull(e.reply());
      if (show.shortForm()) {
        reply.answer().forEach(r -> out.append(r.data().text()).append('\n'));
        continue;
      }
      if (show.shows(DigRequest.Part.CMD)) {
        out.append('\n');
        banner(out, request);
      }
      if (show.shows(DigRequest.Part.COMMENTS)) {
        header(out, reply);
      }
      if (show.shows(DigRequest.Part.QUESTION) && reply.question() != null) {
        if (show.shows(DigRequest.Part.COMMENTS)) {
          out.append(";; QUESTION SECTION:\n");
        }
        out.append(RecordText.question(reply.q())).append('\n');
      }
      section(out, reply.answer(), DigRequest.Part.ANSWER, show);
      section(out, reply.authority(), DigRequest.Part.AUTHORITY, show);
      section(out, reply.additional(), DigRequest.Part.ADDITIONAL, show);
      if (show.shows(DigRequest.Part.STATS)) {
        stats(out, e, reply, when);
      }
    }
    return out.toString();
  }

  private static void stats(StringBuilder out, Exchange e, DnsMessage reply, Instant when) {
    out.append('\n')
        .append(";; Query time: 0 msec\n")
        .append(";; SERVER: ")
        .append(e.server())
        .append('#')
        .append(Exchange.PORT)
        .append('(')
        .append(e.server())
        .append(") (")
        .append(e.tcp() ? "TCP" : "UDP")
        .append(")\n")
        .append(";; WHEN: ")
        .append(WHEN.format(when))
        .append('\n')
        .append(";; MSG SIZE  rcvd: ")
        .append(reply.wireLength())
        .append("\n\n");
  }

  private static void banner(StringBuilder out, DigRequest request) {
    out.append("; <<>> DiG ")
        .append(VERSION)
        .append(" <<>> ")
        .append(String.join(" ", request.args()))
        .append('\n')
        .append(";; global options: +cmd\n");
  }

  private static void header(StringBuilder out, DnsMessage reply) {
    out.append(";; Got answer:\n");
    if (reply.question() != null && reply.q().name().lower().toString().endsWith(".local.")) {
      out.append(";; WARNING: .local is reserved for Multicast DNS\n")
          .append(
              ";; You are currently testing what happens when an mDNS query is leaked to DNS\n");
    }
    out.append(";; ->>HEADER<<- opcode: QUERY, status: ")
        .append(reply.rcode())
        .append(", id: ")
        .append(reply.id())
        .append('\n')
        .append(";; flags: ")
        .append(String.join(" ", flags(reply)))
        .append("; QUERY: ")
        .append(reply.question() == null ? 0 : 1)
        .append(", ANSWER: ")
        .append(reply.answer().size())
        .append(", AUTHORITY: ")
        .append(reply.authority().size())
        .append(", ADDITIONAL: ")
        .append(reply.additionalCount())
        .append('\n');
    if (reply.has(Flag.RD) && !reply.has(Flag.RA)) {
      out.append(";; WARNING: recursion requested but not available\n");
    }
    out.append('\n');
    Edns edns = reply.edns();
    if (edns != null) {
      out.append(";; OPT PSEUDOSECTION:\n")
          .append("; EDNS: version: 0, flags:; udp: ")
          .append(edns.udpSize())
          .append('\n');
      if (!edns.cookie().isEmpty()) {
        out.append("; COOKIE: ").append(edns.cookie()).append(" (echoed)\n");
      }
    }
  }

  /** The header flags set in {@code message}, in dig's order and spelling. */
  public static List<String> flags(DnsMessage message) {
    return message.flags().stream().map(Flag::mnemonic).toList();
  }

  private static void section(
      StringBuilder out, List<DnsRecord> records, DigRequest.Part part, DigRequest.Display show) {
    if (!show.shows(part) || records.isEmpty()) {
      return;
    }
    if (show.shows(DigRequest.Part.COMMENTS)) {
      out.append('\n').append(";; ").append(part).append(" SECTION:\n");
    }
    records.forEach(r -> out.append(RecordText.line(r)).append('\n'));
  }

  static String absolute(String name) {
    return name.endsWith(".") ? name : name + ".";
  }
}
