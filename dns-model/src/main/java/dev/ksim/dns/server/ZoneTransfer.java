package dev.ksim.dns.server;

import dev.ksim.dns.DnsMessage;
import dev.ksim.dns.DnsName;
import dev.ksim.dns.DnsRecord;
import dev.ksim.dns.Flag;
import dev.ksim.dns.Rcode;
import dev.ksim.dns.RecordData;
import dev.ksim.dns.RecordType;
import dev.ksim.dns.corefile.TransferOptions;
import dev.ksim.dns.corefile.Zones;
import dev.ksim.dns.kubernetes.KubernetesPlugin;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * CoreDNS's transfer plugin in front of the kubernetes plugin: AXFR (and IXFR, which falls back to
 * a full transfer unless the client's serial is current) over TCP to the clients its {@code to}
 * lines allow, the records in messages of at most about 63,000 octets each, every message
 * authoritative.
 *
 * @see <a href="https://github.com/coredns/coredns/blob/master/plugin/transfer/transfer.go">coredns
 *     plugin/transfer/transfer.go ServeDNS, allowed, longestMatch</a>
 */
final class ZoneTransfer {
  /** transfer.go: a batch is sent before its records' length would pass this. */
  private static final int BATCH_OCTETS = 63_000;

  private ZoneTransfer() {}

  static boolean isTransfer(RecordType type) {
    return type.equals(RecordType.AXFR) || type.equals(RecordType.IXFR);
  }

  /**
   * The messages answering a transfer, or empty when no transfer directive covers the name or the
   * kubernetes plugin is not authoritative for it (the next plugin then refuses it).
   */
  static Optional<List<DnsMessage>> serve(
      DnsMessage query,
      Request request,
      List<TransferOptions> transfers,
      Optional<KubernetesPlugin> kubernetes) {
    if (!request.tcp()) {
      return Optional.of(List.of(DnsMessage.replyTo(query, Rcode.REFUSED)));
    }
    DnsName zone = query.q().name().lower();
    TransferOptions allowed = null;
    DnsName longest = null;
    for (TransferOptions transfer : transfers) {
      DnsName match = Zones.longestMatch(transfer.zones(), zone);
      if (match != null && (longest == null || match.size() > longest.size())) {
        longest = match;
        allowed = transfer;
      }
    }
    if (allowed == null) {
      return Optional.empty();
    }
    if (!allowed.allows(request.remoteIp())) {
      return Optional.of(List.of(DnsMessage.replyTo(query, Rcode.REFUSED)));
    }
    long serial = 0;
    if (query.q().type().equals(RecordType.IXFR)) {
      if (query.authority().size() != 1
          || !(query.authority().get(0).data() instanceof RecordData.Soa soa)) {
        return Optional.of(List.of(DnsMessage.replyTo(query, Rcode.SERVFAIL)));
      }
      serial = soa.serial();
    }
    Optional<List<DnsRecord>> records =
        kubernetes.flatMap(k -> k.transfer(zone, request.localIps()));
    if (records.isEmpty()) {
      return Optional.empty();
    }
    DnsRecord soa = records.get().get(0);
    if (serial != 0 && soa.data() instanceof RecordData.Soa current && current.serial() == serial) {
      // the zone has not changed: one reply holding the SOA, not authoritative (transfer.go)
      return Optional.of(
          List.of(
              DnsMessage.replyTo(query, Rcode.NOERROR)
                  .withSections(List.of(soa), List.of(), List.of())));
    }
    return Optional.of(batches(query, records.get()));
  }

  private static List<DnsMessage> batches(DnsMessage query, List<DnsRecord> records) {
    List<DnsMessage> messages = new ArrayList<>();
    List<DnsRecord> batch = new ArrayList<>();
    int octets = 0;
    for (DnsRecord record : records) {
      int length = record.wireLength();
      if (!batch.isEmpty() && octets + length > BATCH_OCTETS) {
        messages.add(message(query, batch));
        batch = new ArrayList<>();
        octets = 0;
      }
      batch.add(record);
      octets += length;
    }
    messages.add(message(query, batch));
    return messages;
  }

  /** miekg/dns {@code Transfer.Out}: a reply to the query, authoritative, holding the batch. */
  private static DnsMessage message(DnsMessage query, List<DnsRecord> batch) {
    return DnsMessage.replyTo(query, Rcode.NOERROR)
        .withFlag(Flag.AA, true)
        .withSections(batch, List.of(), List.of());
  }
}
