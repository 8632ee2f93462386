package dev.ksim.dns.server;

import dev.ksim.dns.DnsMessage;
import dev.ksim.dns.DnsName;
import dev.ksim.dns.DnsRecord;
import dev.ksim.dns.Flag;
import dev.ksim.dns.Question;
import dev.ksim.dns.Rcode;
import dev.ksim.dns.RecordData;
import dev.ksim.dns.corefile.CacheOptions;
import dev.ksim.dns.corefile.Zones;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * CoreDNS's cache plugin (coredns {@code plugin/cache}): every reply that passes through gets one
 * TTL on all its records, the smallest in the message clamped to [min, max] (answers and denials
 * have their own max); replies are stored unless their zone is disabled for that kind, and served
 * from the store, authoritative, with the TTL that is left.
 */
final class Cache {
  /**
   * What a stored reply answers. Upstream's key also holds the DO bit and the class; ksim's clients
   * never set DO and ask class IN only.
   */
  private record Key(DnsName name, int type) {}

  private record Entry(DnsMessage message, long storedMillis, long ttl) {}

  private final CacheOptions options;
  private final LongSupplier nowMillis;
  private final Map<Key, Entry> entries = new HashMap<>();

  Cache(CacheOptions options, LongSupplier nowMillis) {
    this.options = options;
    this.nowMillis = nowMillis;
  }

  boolean covers(DnsName name) {
    return Zones.longestMatch(options.zones(), name) != null;
  }

  /** A stored reply for {@code query} whose TTL has not run out. */
  Optional<DnsMessage> get(DnsMessage query) {
    Key key = key(query.q());
    Entry entry = entries.get(key);
    if (entry == null) {
      return Optional.empty();
    }
    long elapsed = (nowMillis.getAsLong() - entry.storedMillis()) / 1000;
    if (elapsed >= entry.ttl()) {
      entries.remove(key);
      return Optional.empty();
    }
    DnsMessage stored = entry.message();
    DnsMessage hit =
        withTtl(stored, entry.ttl() - elapsed)
            .withId(query.id())
            .withQuestion(query.question())
            .withFlag(Flag.AA, true)
            .withFlag(Flag.RD, query.has(Flag.RD));
    return Optional.of(hit);
  }

  /** Rewrites the TTLs of a reply passing through, and stores it when its zone allows. */
  DnsMessage put(DnsMessage reply) {
    if (reply.rcode() != Rcode.NOERROR && reply.rcode() != Rcode.NXDOMAIN) {
      return reply;
    }
    boolean denial = reply.rcode() == Rcode.NXDOMAIN || reply.answer().isEmpty();
    long max = denial ? options.denialMaxTtl() : options.successMaxTtl();
    long min = denial ? options.denialMinTtl() : options.successMinTtl();
    long ttl = Math.max(min, Math.min(minimalTtl(reply, denial), max));
    DnsMessage rewritten = withTtl(reply, ttl);
    List<DnsName> disabled = denial ? options.disableDenial() : options.disableSuccess();
    if (!reply.has(Flag.TC) && Zones.longestMatch(disabled, reply.q().name()) == null) {
      entries.put(key(reply.q()), new Entry(rewritten, nowMillis.getAsLong(), ttl));
    }
    return rewritten;
  }

  void clear() {
    entries.clear();
  }

  private static DnsMessage withTtl(DnsMessage message, long ttl) {
    return message.withSections(
        message.answer().stream().map(r -> r.withTtl(ttl)).toList(),
        message.authority().stream().map(r -> r.withTtl(ttl)).toList(),
        message.additional().stream().map(r -> r.withTtl(ttl)).toList());
  }

  /** The smallest TTL of the reply; for a denial, the SOA's minimum counts too. */
  private static long minimalTtl(DnsMessage reply, boolean denial) {
    long min = Long.MAX_VALUE;
    for (List<DnsRecord> section : reply.sections()) {
      for (DnsRecord r : section) {
        min = Math.min(min, r.ttl());
        if (denial && r.data() instanceof RecordData.Soa soa) {
          min = Math.min(min, soa.minimum());
        }
      }
    }
    return min == Long.MAX_VALUE ? 0 : min;
  }

  private static Key key(Question question) {
    return new Key(question.name().lower(), question.type().code());
  }
}
