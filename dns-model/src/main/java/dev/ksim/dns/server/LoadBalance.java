package dev.ksim.dns.server;

import dev.ksim.dns.DnsMessage;
import dev.ksim.dns.DnsRecord;
import dev.ksim.dns.Rcode;
import dev.ksim.dns.RecordType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * CoreDNS's loadbalance plugin (coredns {@code plugin/loadbalance/loadbalance.go}): in each section
 * of a successful reply, address records are shuffled with the same round-robin swaps upstream
 * makes; a mixed section keeps CNAMEs first, then other records in order, then the shuffled
 * addresses, then shuffled MX records. Shuffles draw from a seeded source, so runs repeat.
 */
final class LoadBalance {
  private final IntSupplier random;

  LoadBalance(IntSupplier random) {
    this.random = random;
  }

  DnsMessage apply(DnsMessage reply) {
    RecordType qtype = reply.q().type();
    if (reply.rcode() != Rcode.NOERROR
        || qtype.equals(RecordType.AXFR)
        || qtype.equals(RecordType.IXFR)) {
      return reply;
    }
    return reply.withSections(
        shuffled(reply.answer()), shuffled(reply.authority()), shuffled(reply.additional()));
  }

  private List<DnsRecord> shuffled(List<DnsRecord> records) {
    List<DnsRecord> cnames = new ArrayList<>();
    List<DnsRecord> addresses = new ArrayList<>();
    List<DnsRecord> mx = new ArrayList<>();
    List<DnsRecord> others = new ArrayList<>();
    for (DnsRecord r : records) {
      if (r.type().equals(RecordType.CNAME)) {
        cnames.add(r);
      } else if (r.type().isAddress()) {
        addresses.add(r);
      } else if (r.type().equals(RecordType.MX)) {
        mx.add(r);
      } else {
        others.add(r);
      }
    }
    shuffle(addresses);
    shuffle(mx);
    List<DnsRecord> out = new ArrayList<>(cnames);
    out.addAll(others);
    out.addAll(addresses);
    out.addAll(mx);
    return out;
  }

  /** upstream's roundRobinShuffle, with dns.Id() replaced by the seeded source. */
  private void shuffle(List<DnsRecord> records) {
    int l = records.size();
    if (l < 2) {
      return;
    }
    if (l == 2) {
      if (random.getAsInt() % 2 == 0) {
        records.add(records.remove(0));
      }
      return;
    }
    for (int j = 0; j < l; j++) {
      int p = j + random.getAsInt() % (l - j);
      if (p != j) {
        DnsRecord swap = records.get(j);
        records.set(j, records.get(p));
        records.set(p, swap);
      }
    }
  }
}
