package dev.ksim.dns.server;

import dev.ksim.dns.DnsMessage;
import dev.ksim.dns.DnsName;
import dev.ksim.dns.Edns;
import dev.ksim.dns.Question;
import dev.ksim.dns.Rcode;
import dev.ksim.dns.RecordType;
import dev.ksim.dns.corefile.CoreDnsConfig;
import dev.ksim.dns.corefile.ServerConfig;
import dev.ksim.dns.kubernetes.KubernetesIndex;
import dev.ksim.dns.kubernetes.KubernetesPlugin;
import dev.ksim.dns.wire.WireFormat;
import dev.ksim.dns.wire.WireFormatException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * A CoreDNS server running a Corefile: the query checks of its DNS library (miekg/dns's default
 * accept function: one question, opcode QUERY), the choice of server block by zone, then the
 * plugins that shape answers in CoreDNS's fixed order ({@code plugin.cfg}): loadbalance, cache,
 * kubernetes, forward. A reply's EDNS record echoes the client's size and cookie, as CoreDNS's
 * {@code request.SizeAndDo} does.
 */
public final class CoreDns {
  private static final int MIN_UDP = 512;
  private static final int MAX_TCP = 65535;

  private final CoreDnsConfig config;
  private final KubernetesIndex index;
  private final OutsideWorld world;
  private final LongSupplier nowMillis;
  private final LoadBalance loadBalance;
  private final Map<ServerConfig, Cache> caches = new HashMap<>();
  private final Map<ServerConfig, Optional<KubernetesPlugin>> plugins = new HashMap<>();

  /**
   * @param random a seeded source of 16-bit values (loadbalance's shuffles)
   */
  public CoreDns(
      CoreDnsConfig config,
      KubernetesIndex index,
      OutsideWorld world,
      LongSupplier nowMillis,
      IntSupplier random) {
    this.config = config;
    this.index = index;
    this.world = world;
    this.nowMillis = nowMillis;
    this.loadBalance = new LoadBalance(random);
  }

  /** Forgets everything cached (each item of a batch starts from a fresh server). */
  public void clearCache() {
    caches.values().forEach(Cache::clear);
  }

  /**
   * Answers a datagram (or a TCP message when {@code tcp}); bytes that are not a query get FORMERR
   * when they have an id, and no answer at all when they have none or are a response.
   */
  public Optional<byte[]> handle(byte[] wire, List<String> localIps, boolean tcp) {
    DnsMessage query;
    try {
      query = WireFormat.decode(wire);
    } catch (WireFormatException e) {
      if (e.id() < 0 || wire.length < 12 || (wire[2] & 0x80) != 0) {
        return Optional.empty();
      }
      DnsMessage formErr =
          new DnsMessage(
              e.id(),
              DnsMessage.QUERY,
              java.util.EnumSet.of(dev.ksim.dns.Flag.QR),
              Rcode.FORMERR,
              null,
              List.of(),
              List.of(),
              List.of(),
              null);
      return Optional.of(WireFormat.encode(formErr, MIN_UDP));
    }
    if (query.has(dev.ksim.dns.Flag.QR)) {
      return Optional.empty();
    }
    Edns edns = query.edns();
    int limit = tcp ? MAX_TCP : edns == null ? MIN_UDP : Math.max(MIN_UDP, edns.udpSize());
    return Optional.of(WireFormat.encode(handle(query, localIps), limit));
  }

  /** The reply CoreDNS sends to {@code query}, from a server whose own addresses are given. */
  public DnsMessage handle(DnsMessage query, List<String> localIps) {
    Question question = query.question();
    DnsMessage reply;
    if (query.opcode() != DnsMessage.QUERY) {
      reply = DnsMessage.replyTo(query, Rcode.NOTIMP).withQuestion(null);
    } else if (question == null || !query.answer().isEmpty()) {
      reply = DnsMessage.replyTo(query, Rcode.FORMERR);
    } else if (query.edns() != null && query.edns().version() != 0) {
      // coredns plugin/pkg/edns Version: BADVERS at once, an OPT of version 0 and payload size 0
      return DnsMessage.replyTo(query, Rcode.BADVERS).withEdns(new Edns(0, "", 0));
    } else {
      ServerConfig server = config.serverFor(question.name());
      RecordType type = question.type();
      if (server == null || type.equals(RecordType.AXFR) || type.equals(RecordType.IXFR)) {
        reply = DnsMessage.replyTo(query, Rcode.REFUSED);
      } else {
        DnsMessage answered = cached(server, query, localIps);
        reply = server.loadBalance() ? loadBalance.apply(answered) : answered;
      }
    }
    Edns edns = query.edns();
    return reply.withEdns(
        edns == null ? null : new Edns(Math.max(MIN_UDP, edns.udpSize()), edns.cookie()));
  }

  private DnsMessage cached(ServerConfig server, DnsMessage query, List<String> localIps) {
    Optional<Cache> cache =
        server.cache().map(c -> caches.computeIfAbsent(server, s -> new Cache(c, nowMillis)));
    if (cache.isEmpty() || !cache.get().covers(query.q().name())) {
      return chain(server, query, localIps);
    }
    Optional<DnsMessage> hit = cache.get().get(query);
    return hit.isPresent() ? hit.get() : cache.get().put(chain(server, query, localIps));
  }

  /** kubernetes, then forward, then SERVFAIL when no plugin answered. */
  private DnsMessage chain(ServerConfig server, DnsMessage query, List<String> localIps) {
    Optional<KubernetesPlugin> plugin =
        plugins.computeIfAbsent(
            server, s -> s.kubernetes().map(options -> new KubernetesPlugin(options, index)));
    if (plugin.isPresent()) {
      Optional<DnsMessage> answer =
          plugin.get().serve(query, localIps, question -> lookup(question, localIps));
      if (answer.isPresent()) {
        return answer.get();
      }
    }
    DnsName qname = query.q().name();
    if (server.forwardFrom().stream().anyMatch(qname::isSubdomainOf)) {
      return world.resolve(query);
    }
    return DnsMessage.replyTo(query, Rcode.SERVFAIL);
  }

  /** A lookup through the whole server, as CoreDNS's upstream package makes for ExternalNames. */
  private Optional<DnsMessage> lookup(Question question, List<String> localIps) {
    DnsMessage reply = handle(DnsMessage.query(0, question, true, null), localIps);
    return reply.rcode() == Rcode.NOERROR || reply.rcode() == Rcode.NXDOMAIN
        ? Optional.of(reply)
        : Optional.empty();
  }
}
