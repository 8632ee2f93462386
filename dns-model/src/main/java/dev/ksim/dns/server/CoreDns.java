package dev.ksim.dns.server;

import dev.ksim.dns.DnsMessage;
import dev.ksim.dns.DnsName;
import dev.ksim.dns.Edns;
import dev.ksim.dns.Flag;
import dev.ksim.dns.Question;
import dev.ksim.dns.Rcode;
import dev.ksim.dns.corefile.AutopathOptions;
import dev.ksim.dns.corefile.CoreDnsConfig;
import dev.ksim.dns.corefile.ServerConfig;
import dev.ksim.dns.corefile.Zones;
import dev.ksim.dns.kubernetes.KubernetesIndex;
import dev.ksim.dns.kubernetes.KubernetesPlugin;
import dev.ksim.dns.wire.WireFormat;
import dev.ksim.dns.wire.WireFormatException;
import java.util.EnumSet;
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
 * autopath, transfer, kubernetes, forward. A reply's EDNS record echoes the client's size and
 * cookie, as CoreDNS's {@code request.SizeAndDo} does.
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
   * Answers a datagram (or a TCP message when the request came over TCP): the reply, or a zone
   * transfer's messages; bytes that are not a query get FORMERR when they have an id, and no answer
   * at all when they have none or are a response.
   */
  public List<byte[]> handle(byte[] wire, Request request) {
    DnsMessage query;
    try {
      query = WireFormat.decode(wire);
    } catch (WireFormatException e) {
      if (e.id() < 0 || wire.length < 12 || (wire[2] & 0x80) != 0) {
        return List.of();
      }
      DnsMessage formErr =
          new DnsMessage(
              e.id(),
              DnsMessage.QUERY,
              EnumSet.of(Flag.QR),
              Rcode.FORMERR,
              null,
              List.of(),
              List.of(),
              List.of(),
              null);
      return List.of(WireFormat.encode(formErr, MIN_UDP));
    }
    if (query.has(Flag.QR)) {
      return List.of();
    }
    Edns edns = query.edns();
    int limit =
        request.tcp() ? MAX_TCP : edns == null ? MIN_UDP : Math.max(MIN_UDP, edns.udpSize());
    return handle(query, request).stream().map(m -> WireFormat.encode(m, limit)).toList();
  }

  /**
   * The messages CoreDNS sends for {@code query}: one reply, or a zone transfer's messages (an AXFR
   * over TCP that a {@code transfer} line allows).
   */
  public List<DnsMessage> handle(DnsMessage query, Request request) {
    Question question = query.question();
    List<DnsMessage> replies;
    if (query.opcode() != DnsMessage.QUERY) {
      replies = List.of(DnsMessage.replyTo(query, Rcode.NOTIMP).withQuestion(null));
    } else if (question == null || !query.answer().isEmpty()) {
      replies = List.of(DnsMessage.replyTo(query, Rcode.FORMERR));
    } else if (query.edns() != null && query.edns().version() != 0) {
      // coredns plugin/pkg/edns Version: BADVERS at once, an OPT of version 0 and payload size 0
      return List.of(DnsMessage.replyTo(query, Rcode.BADVERS).withEdns(new Edns(0, "", 0)));
    } else {
      ServerConfig server = config.serverFor(question.name());
      if (server == null) {
        replies = List.of(DnsMessage.replyTo(query, Rcode.REFUSED));
      } else if (ZoneTransfer.isTransfer(question.type())) {
        // loadbalance and cache leave transfers alone; kubernetes refuses those transfer does not
        // take
        replies =
            ZoneTransfer.serve(query, request, server.transfers(), kubernetes(server))
                .orElseGet(() -> List.of(DnsMessage.replyTo(query, Rcode.REFUSED)));
      } else {
        DnsMessage answered = cached(server, query, request);
        replies = List.of(server.loadBalance() ? loadBalance.apply(answered) : answered);
      }
    }
    Edns edns = query.edns();
    Edns echoed = edns == null ? null : new Edns(Math.max(MIN_UDP, edns.udpSize()), edns.cookie());
    return replies.stream().map(r -> r.withEdns(echoed)).toList();
  }

  private DnsMessage cached(ServerConfig server, DnsMessage query, Request request) {
    Optional<Cache> cache =
        server.cache().map(c -> caches.computeIfAbsent(server, s -> new Cache(c, nowMillis)));
    if (cache.isEmpty() || !cache.get().covers(query.q().name())) {
      return autopath(server, query, request);
    }
    Optional<DnsMessage> hit = cache.get().get(query);
    return hit.isPresent() ? hit.get() : cache.get().put(autopath(server, query, request));
  }

  /**
   * autopath, when configured and the client's search path is known, walks the search path through
   * the rest of the chain; otherwise the query goes on as it is.
   */
  private DnsMessage autopath(ServerConfig server, DnsMessage query, Request request) {
    DnsName qname = query.q().name();
    List<DnsName> search =
        server
            .autopath()
            .filter(a -> Zones.longestMatch(a.zones(), qname) != null)
            .map(a -> searchPath(server, a, qname, request))
            .orElse(List.of());
    if (!Autopath.inFirstDomain(qname, search)) {
      return chain(server, query, request);
    }
    return Autopath.walk(query, search, q -> chain(server, q, request));
  }

  /** The search path autopath uses: the named plugin's for this client, or the file's. */
  private List<DnsName> searchPath(
      ServerConfig server, AutopathOptions autopath, DnsName qname, Request request) {
    if (autopath.plugin().isEmpty()) {
      return autopath.search();
    }
    if (!autopath.plugin().get().equals("kubernetes")) {
      return List.of();
    }
    return kubernetes(server).flatMap(k -> k.autoPath(qname, request.remoteIp())).orElse(List.of());
  }

  private Optional<KubernetesPlugin> kubernetes(ServerConfig server) {
    return plugins.computeIfAbsent(
        server, s -> s.kubernetes().map(options -> new KubernetesPlugin(options, index)));
  }

  /** kubernetes, then forward, then SERVFAIL when no plugin answered. */
  private DnsMessage chain(ServerConfig server, DnsMessage query, Request request) {
    Optional<KubernetesPlugin> plugin = kubernetes(server);
    if (plugin.isPresent()) {
      Optional<DnsMessage> answer =
          plugin.get().serve(query, request.localIps(), question -> lookup(question, request));
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
  private Optional<DnsMessage> lookup(Question question, Request request) {
    DnsMessage reply = handle(DnsMessage.query(0, question, true, null), request).get(0);
    return reply.rcode() == Rcode.NOERROR || reply.rcode() == Rcode.NXDOMAIN
        ? Optional.of(reply)
        : Optional.empty();
  }
}
