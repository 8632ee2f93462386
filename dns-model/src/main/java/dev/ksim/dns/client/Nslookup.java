package dev.ksim.dns.client;

import com.google.common.net.InetAddresses;
import dev.ksim.dns.DnsMessage;
import dev.ksim.dns.DnsName;
import dev.ksim.dns.DnsRecord;
import dev.ksim.dns.Flag;
import dev.ksim.dns.Rcode;
import dev.ksim.dns.RecordData;
import dev.ksim.dns.RecordType;
import dev.ksim.dns.resolver.ResolvConf;
import dev.ksim.dns.resolver.SearchList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntSupplier;

/**
 * nslookup as BIND 9.18 runs it non-interactively: {@code nslookup [-type=T] NAME [SERVER]}. An
 * address lookup walks the search list for A, then asks AAAA for the name that answered; an IP
 * address is looked up as PTR. Output as ../shared/reference/dns-client-output.md section 2 shows
 * it, including the "Got recursion not available" line for each reply without ra.
 */
public final class Nslookup {
  private Nslookup() {}

  /** The output of {@code nslookup ARGS} from a host with {@code conf}. */
  public static String run(
      List<String> args, ResolvConf conf, Transport transport, IntSupplier random) {
    String name = null;
    String server = null;
    RecordType type = null;
    for (String arg : args) {
      String lower = arg.toLowerCase(Locale.ROOT);
      if (lower.startsWith("-type=") || lower.startsWith("-query=") || lower.startsWith("-q=")) {
        type =
            RecordType.tryParse(lower.substring(lower.indexOf('=') + 1))
                .orElseThrow(() -> new ClientException("nslookup: invalid type: " + arg));
      } else if (arg.startsWith("-")) {
        throw new ClientException("nslookup: option " + arg + " is not simulated");
      } else if (name == null) {
        name = arg;
      } else if (server == null) {
        server = arg;
      } else {
        throw new ClientException("nslookup: too many arguments");
      }
    }
    if (name == null) {
      throw new ClientException("nslookup: interactive mode is not simulated; give a name");
    }
    String to =
        server != null
            ? server
            : conf.nameservers().isEmpty() ? "127.0.0.1" : conf.nameservers().get(0);
    StringBuilder out = new StringBuilder();
    if (InetAddresses.isInetAddress(name) && type == null) {
      DnsName reverse = DnsName.reverse(InetAddresses.forString(name));
      Exchange e =
          transport.send(to, Dig.query(reverse.toString(), RecordType.PTR, true, random), false);
      DnsMessage reply = e.reply();
      if (reply == null) {
        failed(out, e);
        return out.toString();
      }
      recursionNote(out, e.server(), reply);
      for (DnsRecord r : reply.answer()) {
        if (r.type().equals(RecordType.PTR)) {
          out.append(r.name().withoutDot()).append("\tname = ").append(r.data().text());
          out.append('\n');
        }
      }
      if (reply.rcode() != Rcode.NOERROR) {
        out.append("** server can't find ")
            .append(reverse.withoutDot())
            .append(": ")
            .append(reply.rcode())
            .append('\n');
      }
      out.append('\n');
      return out.toString();
    }
    RecordType first = type == null ? RecordType.A : type;
    DnsMessage found = null;
    for (String candidate : SearchList.candidates(name, conf)) {
      Exchange e = transport.send(to, Dig.query(candidate, first, true, random), false);
      DnsMessage reply = e.reply();
      if (reply == null) {
        failed(out, e);
        return out.toString();
      }
      recursionNote(out, e.server(), reply);
      found = reply;
      int answers = reply.answer().size();
      if (!SearchList.continuesAfter(reply.rcode(), answers)) {
        break;
      }
    }
    out.append("Server:\t\t").append(to).append('\n');
    out.append("Address:\t").append(to).append('#').append(Exchange.PORT).append("\n\n");
    if (found == null || found.rcode() != Rcode.NOERROR || found.answer().isEmpty()) {
      Rcode rcode = found == null ? Rcode.NXDOMAIN : found.rcode();
      if (rcode == Rcode.NOERROR) {
        out.append("*** Can't find ").append(name).append(": No answer\n\n");
      } else {
        out.append("** server can't find ").append(name).append(": ").append(rcode).append("\n\n");
      }
      return out.toString();
    }
    if (!found.has(Flag.AA)) {
      out.append("Non-authoritative answer:\n");
    }
    answers(out, found);
    if (type == null) {
      DnsName answered = found.q().name();
      Exchange aaaa =
          transport.send(to, Dig.query(answered.toString(), RecordType.AAAA, true, random), false);
      DnsMessage reply = aaaa.reply();
      if (reply != null) {
        answers(out, reply);
        recursionNote(out, aaaa.server(), reply);
      }
    }
    out.append('\n');
    return out.toString();
  }

  private static void answers(StringBuilder out, DnsMessage reply) {
    for (DnsRecord r : reply.answer()) {
      String owner = r.name().withoutDot();
      if (r.type().equals(RecordType.CNAME)) {
        out.append(owner).append("\tcanonical name = ").append(r.data().text()).append('\n');
      } else if (r.data() instanceof RecordData.Srv) {
        out.append(owner).append("\tservice = ").append(r.data().text()).append('\n');
      } else if (r.type().isAddress()) {
        out.append("Name:\t").append(owner).append('\n');
        out.append("Address: ").append(r.data().text()).append('\n');
      } else {
        String kind = r.type().toString().toLowerCase(Locale.ROOT);
        out.append(owner).append('\t').append(kind).append(" = ").append(r.data().text());
        out.append('\n');
      }
    }
  }

  private static void failed(StringBuilder out, Exchange e) {
    out.append(e.communicationsError()).append('\n');
    out.append(";; no servers could be reached\n\n");
  }

  private static void recursionNote(StringBuilder out, String server, DnsMessage reply) {
    if (!reply.has(Flag.RA)) {
      out.append(";; Got recursion not available from ").append(server).append('\n');
    }
  }
}
