package dev.ksim.dns;

import java.net.Inet4Address;
import java.net.InetAddress;

/** A resource record of class IN. */
public record DnsRecord(DnsName name, RecordType type, long ttl, RecordData data) {
  /** An A or AAAA record, by the address's family. */
  public static DnsRecord address(DnsName name, long ttl, InetAddress address) {
    RecordType type = address instanceof Inet4Address ? RecordType.A : RecordType.AAAA;
    return new DnsRecord(name, type, ttl, new RecordData.Address(address));
  }

  /** A record whose data is a name (CNAME, PTR, NS). */
  public static DnsRecord target(DnsName name, RecordType type, long ttl, DnsName target) {
    return new DnsRecord(name, type, ttl, new RecordData.Target(target));
  }

  public DnsRecord withTtl(long newTtl) {
    return new DnsRecord(name, type, newTtl, data);
  }

  /** Octets on the wire without compression. */
  public int wireLength() {
    return name.wireLength() + 10 + data.wireLength();
  }

  /** The same record but for TTL and the letter case of names. */
  public boolean sameAs(DnsRecord other) {
    return name.sameAs(other.name)
        && type.equals(other.type)
        && data.text().equalsIgnoreCase(other.data.text());
  }
}
