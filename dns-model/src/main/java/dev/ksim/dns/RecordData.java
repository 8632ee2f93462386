package dev.ksim.dns;

import com.google.common.collect.ImmutableList;
import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.util.List;
import java.util.stream.Collectors;

/** The data of a record, by kind; {@link #text()} is the presentation form dig prints. */
public sealed interface RecordData {
  /** The data as dig prints it. */
  String text();

  /** Octets of the data on the wire without name compression. */
  int wireLength();

  /** An A or AAAA record's address; IPv6 printed compressed (RFC 5952). */
  record Address(InetAddress address) implements RecordData {
    @Override
    public String text() {
      return InetAddresses.toAddrString(address);
    }

    @Override
    public int wireLength() {
      return address.getAddress().length;
    }
  }

  /** A name: the target of a CNAME, PTR or NS record. */
  record Target(DnsName name) implements RecordData {
    @Override
    public String text() {
      return name.toString();
    }

    @Override
    public int wireLength() {
      return name.wireLength();
    }
  }

  /** An SRV record (RFC 2782). */
  record Srv(int priority, int weight, int port, DnsName target) implements RecordData {
    @Override
    public String text() {
      return priority + " " + weight + " " + port + " " + target;
    }

    @Override
    public int wireLength() {
      return 6 + target.wireLength();
    }
  }

  /** An SOA record. */
  record Soa(
      DnsName mname,
      DnsName rname,
      long serial,
      long refresh,
      long retry,
      long expire,
      long minimum)
      implements RecordData {
    @Override
    public String text() {
      return mname + " " + rname + " " + serial + " " + refresh + " " + retry + " " + expire + " "
          + minimum;
    }

    @Override
    public int wireLength() {
      return mname.wireLength() + rname.wireLength() + 20;
    }
  }

  /** A TXT record's character strings, printed quoted. */
  record Txt(List<String> strings) implements RecordData {
    public Txt {
      strings = ImmutableList.copyOf(strings);
    }

    @Override
    public String text() {
      return strings.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(" "));
    }

    @Override
    public int wireLength() {
      return strings.stream().mapToInt(s -> s.length() + 1).sum();
    }
  }

  /** Data of a type ksim does not interpret, kept in its presentation form. */
  record Opaque(String text, int wireLength) implements RecordData {}
}
