package dev.ksim.dns.wire;

import dev.ksim.dns.DnsName;
import dev.ksim.dns.DnsRecord;
import dev.ksim.dns.RecordData;
import dev.ksim.dns.RecordType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;

/** Conversions between dnsjava's records and names and dns-model's. */
final class Records {
  private Records() {}

  static DnsName name(Name name) {
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < name.labels(); i++) {
      String label = name.getLabelString(i);
      if (!label.isEmpty()) {
        labels.add(label);
      }
    }
    return new DnsName(labels);
  }

  static Name name(DnsName name) {
    try {
      return Name.fromString(name.toString());
    } catch (TextParseException e) {
      throw new IllegalArgumentException("invalid name " + name, e);
    }
  }

  static DnsRecord record(Record r) {
    DnsName owner = name(r.getName());
    RecordType type = new RecordType(r.getType());
    return new DnsRecord(owner, type, r.getTTL(), data(r));
  }

  private static RecordData data(Record r) {
    if (r instanceof ARecord a) {
      return new RecordData.Address(a.getAddress());
    }
    if (r instanceof AAAARecord a) {
      return new RecordData.Address(a.getAddress());
    }
    if (r instanceof CNAMERecord c) {
      return new RecordData.Target(name(c.getTarget()));
    }
    if (r instanceof PTRRecord p) {
      return new RecordData.Target(name(p.getTarget()));
    }
    if (r instanceof NSRecord n) {
      return new RecordData.Target(name(n.getTarget()));
    }
    if (r instanceof SRVRecord s) {
      return new RecordData.Srv(s.getPriority(), s.getWeight(), s.getPort(), name(s.getTarget()));
    }
    if (r instanceof SOARecord s) {
      return new RecordData.Soa(
          name(s.getHost()),
          name(s.getAdmin()),
          s.getSerial(),
          s.getRefresh(),
          s.getRetry(),
          s.getExpire(),
          s.getMinimum());
    }
    if (r instanceof TXTRecord t) {
      return new RecordData.Txt(t.getStrings());
    }
    return new RecordData.Opaque(r.rdataToString(), r.rdataToWireCanonical().length);
  }

  static Record record(DnsRecord r) {
    Name owner = name(r.name());
    int type = r.type().code();
    RecordData data = r.data();
    if (data instanceof RecordData.Address a) {
      return a.address().getAddress().length == 4
          ? new ARecord(owner, DClass.IN, r.ttl(), a.address())
          : new AAAARecord(owner, DClass.IN, r.ttl(), a.address());
    }
    if (data instanceof RecordData.Target t) {
      if (r.type().equals(RecordType.CNAME)) {
        return new CNAMERecord(owner, DClass.IN, r.ttl(), name(t.name()));
      }
      if (r.type().equals(RecordType.PTR)) {
        return new PTRRecord(owner, DClass.IN, r.ttl(), name(t.name()));
      }
      return new NSRecord(owner, DClass.IN, r.ttl(), name(t.name()));
    }
    if (data instanceof RecordData.Srv s) {
      return new SRVRecord(
          owner, DClass.IN, r.ttl(), s.priority(), s.weight(), s.port(), name(s.target()));
    }
    if (data instanceof RecordData.Soa s) {
      return new SOARecord(
          owner,
          DClass.IN,
          r.ttl(),
          name(s.mname()),
          name(s.rname()),
          s.serial(),
          s.refresh(),
          s.retry(),
          s.expire(),
          s.minimum());
    }
    if (data instanceof RecordData.Txt t) {
      return new TXTRecord(owner, DClass.IN, r.ttl(), t.strings());
    }
    return fromText(owner, type, r.ttl(), data.text());
  }

  private static Record fromText(Name owner, int type, long ttl, String text) {
    try {
      return Record.fromString(owner, type, DClass.IN, ttl, text, Name.root);
    } catch (IOException e) {
      throw new IllegalArgumentException("invalid record data " + text, e);
    }
  }
}
