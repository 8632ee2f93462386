package dev.ksim.dns.server;

import com.google.common.collect.ImmutableList;
import dev.ksim.dns.DnsMessage;
import dev.ksim.dns.DnsName;
import dev.ksim.dns.DnsRecord;
import dev.ksim.dns.Flag;
import dev.ksim.dns.Question;
import dev.ksim.dns.Rcode;
import dev.ksim.dns.RecordData;
import dev.ksim.dns.RecordType;
import dev.ksim.dns.wire.ZoneFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The DNS outside the cluster, as a recursive resolver beyond CoreDNS's {@code forward} sees it:
 * zones in master-file form, resolved with CNAME chains followed across zones. Replies carry rd and
 * ra and are not authoritative, as a forwarded answer is; a missing name is NXDOMAIN with the SOA
 * of the closest enclosing zone.
 */
public final class OutsideWorld {
  private static final int MAX_CHAIN = 10;

  private final List<DnsRecord> records;

  private OutsideWorld(List<DnsRecord> records) {
    this.records = ImmutableList.copyOf(records);
  }

  /** The bundled world: the outside names the tutorials use (see outside-world.zone). */
  public static OutsideWorld bundled() {
    try (InputStream in = OutsideWorld.class.getResourceAsStream("outside-world.zone")) {
      return parse(new String(Objects.requireNonNull(in).readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads master-file text ($ORIGIN, $TTL, one record per line).
   *
   * @throws dev.ksim.dns.wire.ZoneFileException when the text is not a master file
   */
  public static OutsideWorld parse(String text) {
    return new OutsideWorld(ZoneFile.parse(text));
  }

  /** The reply a recursive resolver gives to {@code query}. */
  public DnsMessage resolve(DnsMessage query) {
    Question question = query.q();
    DnsMessage reply = DnsMessage.replyTo(query, Rcode.NOERROR).withFlag(Flag.RA, true);
    List<DnsRecord> answer = new ArrayList<>();
    DnsName name = question.name();
    for (int i = 0; i <= MAX_CHAIN; i++) {
      List<DnsRecord> here = at(name);
      List<DnsRecord> matching =
          here.stream().filter(r -> r.type().equals(question.type())).toList();
      if (!matching.isEmpty()) {
        answer.addAll(matching);
        return reply.withSections(answer, List.of(), List.of());
      }
      DnsRecord cname =
          here.stream().filter(r -> r.type().equals(RecordType.CNAME)).findFirst().orElse(null);
      if (cname == null) {
        DnsName owner = name;
        boolean exists =
            !here.isEmpty() || records.stream().anyMatch(r -> r.name().isSubdomainOf(owner));
        DnsRecord soa = zoneOf(name);
        return reply
            .withRcode(exists ? Rcode.NOERROR : Rcode.NXDOMAIN)
            .withSections(answer, soa == null ? List.of() : List.of(soa), List.of());
      }
      answer.add(cname);
      name = ((RecordData.Target) cname.data()).name();
    }
    return reply.withSections(answer, List.of(), List.of());
  }

  private List<DnsRecord> at(DnsName name) {
    return records.stream().filter(r -> r.name().sameAs(name)).toList();
  }

  private @Nullable DnsRecord zoneOf(DnsName name) {
    DnsRecord best = null;
    for (DnsRecord r : records) {
      if (r.type().equals(RecordType.SOA)
          && name.isSubdomainOf(r.name())
          && (best == null || r.name().size() > best.name().size())) {
        best = r;
      }
    }
    return best;
  }
}
