package dev.ksim.resolver;

import dev.ksim.dns.DnsMessage;
import dev.ksim.dns.DnsName;
import dev.ksim.dns.DnsRecord;
import dev.ksim.dns.Question;
import dev.ksim.dns.Rcode;
import dev.ksim.dns.RecordData;
import dev.ksim.dns.RecordType;
import dev.ksim.dns.client.Exchange;
import dev.ksim.dns.client.Transport;
import dev.ksim.dns.resolver.ResolvConf;
import dev.ksim.dns.resolver.SearchList;
import dev.ksim.net.IpAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * A client program looking up a host name as glibc's {@code getaddrinfo} does for an IPv4
 * connection: A queries along the search list (../shared/reference/dns.md section 4.2) to the first
 * nameserver, the first address of the first answer winning.
 *
 * @param exchanges every query and its fate, in order
 * @param address the address found, if any
 * @param failure why none was found ("NXDOMAIN", "timed out", ...), empty when one was
 */
public record HostLookup(List<Exchange> exchanges, Optional<IpAddress> address, String failure) {
  public HostLookup {
    exchanges = List.copyOf(exchanges);
  }

  /** Looks {@code host} up; an address literal is its own answer. */
  public static HostLookup resolve(
      String host, ResolvConf conf, Transport transport, IntSupplier random) {
    Optional<IpAddress> literal = IpAddress.tryParse(host);
    if (literal.isPresent()) {
      return new HostLookup(List.of(), literal, "");
    }
    if (conf.nameservers().isEmpty()) {
      return new HostLookup(List.of(), Optional.empty(), "no nameserver");
    }
    String server = conf.nameservers().get(0);
    List<Exchange> exchanges = new ArrayList<>();
    String failure = "NXDOMAIN";
    for (String candidate : SearchList.candidates(host, conf)) {
      Optional<DnsName> name = DnsName.tryParse(candidate);
      if (name.isEmpty()) {
        return new HostLookup(exchanges, Optional.empty(), "not a host name");
      }
      // glibc's stub asks with recursion desired and without EDNS
      DnsMessage query =
          DnsMessage.query(
              random.getAsInt() & 0xffff, new Question(name.get(), RecordType.A), true, null);
      Exchange exchange = transport.send(server, query, false);
      exchanges.add(exchange);
      DnsMessage reply = exchange.reply();
      if (reply == null) {
        return new HostLookup(exchanges, Optional.empty(), exchange.failure());
      }
      for (DnsRecord r : reply.answer()) {
        if (r.type().equals(RecordType.A) && r.data() instanceof RecordData.Address a) {
          return new HostLookup(exchanges, IpAddress.tryParse(a.address().getHostAddress()), "");
        }
      }
      failure = reply.rcode() == Rcode.NOERROR ? "no address" : reply.rcode().toString();
      if (!SearchList.continuesAfter(reply.rcode(), reply.answer().size())) {
        break;
      }
    }
    return new HostLookup(exchanges, Optional.empty(), failure);
  }
}
