package dev.ksim.ipvs;

import dev.ksim.ipvs.ConnectionTable.TemplateKey;
import dev.ksim.ipvs.IpvsException.Errno;
import dev.ksim.ipvs.scheduler.Choice;
import dev.ksim.ipvs.scheduler.Scheduler;
import dev.ksim.ipvs.scheduler.SchedulerContext;
import dev.ksim.ipvs.scheduler.Schedulers;
import dev.ksim.net.Cidr;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpPort;
import dev.ksim.net.Packet;
import dev.ksim.net.Protocol;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.netfilter.hook.Hook;
import dev.ksim.netfilter.hook.HookResult;
import dev.ksim.netfilter.hook.HookResult.ConntrackAction;
import dev.ksim.netfilter.hook.HookVerdict;
import dev.ksim.netfilter.hook.RandomSource;
import dev.ksim.netfilter.hook.Translation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * One network namespace's IP Virtual Server: its virtual services (configured as ipvsadm and
 * kube-proxy configure them, with the kernel's checks), its connection table and timeouts, and the
 * two things it does to packets: {@link #request} (ip_vs_in: find the connection or schedule a new
 * one, then hand the packet to the real server) and {@link #reply} (ip_vs_out: give a masqueraded
 * reply the virtual address back). {@link IpvsHooks} registers them at the netfilter hooks.
 *
 * <p>Not thread-safe: a simulation drives it from its single event loop.
 *
 * @see <a
 *     href="https://github.com/torvalds/linux/blob/master/net/netfilter/ipvs/ip_vs_core.c">ip_vs_core.c</a>
 * @see <a
 *     href="https://github.com/torvalds/linux/blob/master/net/netfilter/ipvs/ip_vs_ctl.c">ip_vs_ctl.c</a>
 */
public final class Ipvs {
  /** The IPVS version the kernel reports ({@code IP_VS_VERSION_CODE}). */
  public static final String VERSION = "1.2.1";

  private static final HookResult NOT_OURS = HookResult.accept(null);

  private final Map<ServiceKey, VirtualServer> services = new LinkedHashMap<>();
  private final ConnectionTable connections = new ConnectionTable();
  private final IpvsTimeouts timeouts = new IpvsTimeouts();
  private final SchedulerContext context;
  private final LongSupplier clock;

  public Ipvs(RandomSource random, LongSupplier clock) {
    this.context = new SchedulerContext(random, clock);
    this.clock = clock;
  }

  /** The simulated time, in milliseconds. */
  public long now() {
    return clock.getAsLong();
  }

  // ---- configuration (ip_vs_ctl.c) ----

  /** The virtual services, in the order they were added. */
  public List<VirtualServer> services() {
    return new ArrayList<>(services.values());
  }

  public Optional<VirtualServer> service(ServiceKey key) {
    return Optional.ofNullable(services.get(key));
  }

  public IpvsTimeouts timeouts() {
    return timeouts;
  }

  /** The connection table, after running the timers that are due. */
  public ConnectionTable connections() {
    connections.fire(now());
    return connections;
  }

  private Scheduler scheduler(String name) {
    return Schedulers.create(name, context)
        .orElseThrow(
            () -> new IpvsException(Errno.ENOENT, "Scheduler module ip_vs_" + name + " not found"));
  }

  /** {@code ipvsadm -A} (ip_vs_add_service). */
  public VirtualServer addService(ServiceKey key, String schedulerName, ServiceFlags flags) {
    if (services.containsKey(key)) {
      throw new IpvsException(Errno.EEXIST, "service " + key + " exists");
    }
    VirtualServer service = new VirtualServer(key, scheduler(schedulerName), flags, now());
    services.put(key, service);
    return service;
  }

  /** {@code ipvsadm -E} (ip_vs_edit_service). */
  public void editService(ServiceKey key, String schedulerName, ServiceFlags flags) {
    VirtualServer service = existing(key);
    Scheduler scheduler =
        schedulerName.equals(service.scheduler().name())
            ? service.scheduler()
            : scheduler(schedulerName);
    service.edit(scheduler, flags);
  }

  /** {@code ipvsadm -D} (ip_vs_del_service): its real servers go, their connections stay. */
  public void deleteService(ServiceKey key) {
    VirtualServer service = existing(key);
    for (RealServer server : new ArrayList<>(service.destinations())) {
      service.remove(server);
    }
    services.remove(key);
  }

  /** {@code ipvsadm -C} (ip_vs_flush). */
  public void clear() {
    for (ServiceKey key : new ArrayList<>(services.keySet())) {
      deleteService(key);
    }
  }

  /** {@code ipvsadm -Z}: zero the counters of one service (and its servers), or of all. */
  public void zero(@Nullable ServiceKey key) {
    List<VirtualServer> targets = key == null ? services() : List.of(existing(key));
    for (VirtualServer service : targets) {
      service.stats().zero();
      service.destinations().forEach(d -> d.stats().zero());
    }
  }

  /** {@code ipvsadm -a} (ip_vs_add_dest). */
  public RealServer addDestination(ServiceKey key, Destination destination) {
    VirtualServer service = existing(key);
    checkRanges(destination);
    if (service.destination(destination.address()).isPresent()) {
      throw new IpvsException(Errno.EEXIST, "destination " + destination.address() + " exists");
    }
    RealServer server =
        new RealServer(
            destination.address(),
            destination.forward(),
            destination.weight(),
            destination.upperThreshold(),
            destination.lowerThreshold(),
            now());
    service.add(server);
    return server;
  }

  /** {@code ipvsadm -e} (ip_vs_edit_dest). */
  public void editDestination(ServiceKey key, Destination destination) {
    VirtualServer service = existing(key);
    checkRanges(destination);
    RealServer server =
        service
            .destination(destination.address())
            .orElseThrow(
                () -> new IpvsException(Errno.ENOENT, "no destination " + destination.address()));
    server.update(
        destination.forward(),
        destination.weight(),
        destination.upperThreshold(),
        destination.lowerThreshold());
    service.updated(server);
  }

  /** {@code ipvsadm -d} (ip_vs_del_dest): connections to it stay until they expire. */
  public void deleteDestination(ServiceKey key, IpPort address) {
    VirtualServer service = existing(key);
    RealServer server =
        service
            .destination(address)
            .orElseThrow(() -> new IpvsException(Errno.ENOENT, "no destination " + address));
    service.remove(server);
  }

  private VirtualServer existing(ServiceKey key) {
    VirtualServer service = services.get(key);
    if (service == null) {
      throw new IpvsException(Errno.ESRCH, "no service " + key);
    }
    return service;
  }

  private static void checkRanges(Destination destination) {
    if (destination.weight() < 0) {
      throw new IpvsException(Errno.ERANGE, "server weight less than zero");
    }
    if (destination.lowerThreshold() > destination.upperThreshold()) {
      throw new IpvsException(Errno.ERANGE, "lower threshold is higher than upper threshold");
    }
  }

  // ---- packets (ip_vs_core.c) ----

  /**
   * The service a packet is for ({@code ip_vs_service_find}): a firewall-mark service for the
   * packet's mark first, then protocol + address + port, then a port-zero service of the address.
   */
  public @Nullable VirtualServer find(Packet packet) {
    if (packet.mark() != 0) {
      VirtualServer byMark = services.get(ServiceKey.fwmark(packet.mark(), packet.family()));
      if (byMark != null) {
        return byMark;
      }
    }
    VirtualServer exact =
        services.get(ServiceKey.of(packet.protocol(), packet.destinationIpPort()));
    if (exact != null) {
      return exact;
    }
    return services.get(ServiceKey.of(packet.protocol(), new IpPort(packet.destination(), 0)));
  }

  /** What scheduling found: the connection (null: no destination) and the explanation. */
  private record Scheduled(
      @Nullable IpvsConnection connection,
      Scheduling.DecidedBy decidedBy,
      List<String> lines,
      Set<IpPort> candidates) {}

  /**
   * A request at LOCAL_IN or LOCAL_OUT ({@code ip_vs_in}): its connection, or a new one scheduled
   * on the virtual service it is for; then the packet is handed to the real server.
   *
   * @param hook where IPVS sees it
   * @param packet the packet
   * @param sysctls the namespace's net.ipv4.vs sysctls
   * @param isLocal which addresses are this host's (a real server on the host gets the packet
   *     locally)
   * @param recording how much to explain
   */
  public HookResult request(
      Hook hook,
      Packet packet,
      IpvsSysctls sysctls,
      Predicate<IpAddress> isLocal,
      Recording recording) {
    if (!packet.protocol().hasPorts() || (services.isEmpty() && connections.size() == 0)) {
      return NOT_OURS;
    }
    long now = now();
    connections.fire(now);
    boolean explain = recording != Recording.NONE;
    List<String> lines = explain ? new ArrayList<>() : List.of();
    IpvsConnection connection =
        connections.request(packet.protocol(), packet.sourceIpPort(), packet.destinationIpPort());
    if (connection != null) {
      RealServer server = connection.server();
      if (!server.isAvailable()) {
        if (!sysctls.expireNodestConn()) {
          return dropped(connection, packet, lines, explain);
        }
        connections.expireNow(connection, now);
        if (explain) {
          lines.add(
              "connection entry to "
                  + connection.destination()
                  + " expired: its real server was removed (expire_nodest_conn=1)");
        }
        connection = null;
      } else if (isNewConnection(packet)
          && sysctls.connReuseMode() != 0
          && connection.isNewConnectionExpected(sysctls.connReuseMode())) {
        if (connection.controlled() == 0) {
          connections.expireNow(connection, now);
        }
        if (explain) {
          lines.add(
              "a SYN reuses the client port of a connection in "
                  + connection.stateName()
                  + ": scheduled anew (conn_reuse_mode="
                  + sysctls.connReuseMode()
                  + ")");
        }
        connection = null;
      }
    }
    Scheduling.DecidedBy decidedBy = Scheduling.DecidedBy.CONNECTION;
    Set<IpPort> candidates = Set.of();
    VirtualServer service;
    boolean created = false;
    if (connection == null) {
      if (packet.protocol() == Protocol.TCP
          && ((packet.tcpFlags() & Packet.SYN) == 0 || (packet.tcpFlags() & Packet.RST) != 0)) {
        return NOT_OURS;
      }
      service = find(packet);
      if (service == null) {
        return NOT_OURS;
      }
      if (explain) {
        lines.add("virtual service " + service.key() + " matched (" + describe(service) + ")");
      }
      Scheduled scheduled = schedule(service, packet, sysctls, now, explain);
      if (explain) {
        lines.addAll(scheduled.lines());
      }
      candidates = scheduled.candidates();
      connection = scheduled.connection();
      if (connection == null) {
        if (explain) {
          lines.add("no real server available: dropped, ICMP port unreachable sent");
        }
        return new HookResult(
            HookVerdict.REJECT,
            null,
            ConntrackAction.KEEP,
            false,
            null,
            explain
                ? new Scheduling(
                    service.key(),
                    service.scheduler().name(),
                    Scheduling.DecidedBy.NO_DESTINATION,
                    null,
                    null,
                    lines,
                    candidates)
                : null);
      }
      decidedBy = scheduled.decidedBy();
      created = true;
    } else {
      service = services.get(connection.service());
      if (explain) {
        lines.add(
            "virtual service "
                + connection.service()
                + ": connection entry "
                + connection.client()
                + " -> "
                + connection.destination()
                + " reused ("
                + connection.stateName()
                + ")");
      }
      if (explain) {
        candidates = Set.of(connection.destination());
      }
    }
    RealServer server = connection.server();
    if (created) {
      server.stats().countConnection();
      if (service != null) {
        service.stats().countConnection();
      }
    }
    server.stats().countIn(packet.length());
    if (service != null) {
      service.stats().countIn(packet.length());
    }
    int timeout =
        connection.transition(
            packet.tcpFlags(),
            connection.forward() == ForwardMethod.MASQ
                ? IpvsTcpState.Direction.INPUT
                : IpvsTcpState.Direction.INPUT_ONLY,
            timeouts);
    connections.arm(connection, timeout * 1000L, now);
    return transmit(hook, packet, connection, decidedBy, candidates, isLocal, lines, explain);
  }

  private static boolean isNewConnection(Packet packet) {
    return packet.protocol() == Protocol.TCP && (packet.tcpFlags() & Packet.SYN) != 0;
  }

  private HookResult dropped(
      IpvsConnection connection, Packet packet, List<String> lines, boolean explain) {
    if (explain) {
      lines.add(
          "connection entry "
              + connection.client()
              + " -> "
              + connection.destination()
              + ": its real server was removed; dropped"
              + " (expire_nodest_conn=0)");
    }
    return new HookResult(
        HookVerdict.DROP,
        null,
        ConntrackAction.KEEP,
        false,
        null,
        explain
            ? new Scheduling(
                connection.service(),
                schedulerName(connection.service()),
                Scheduling.DecidedBy.CONNECTION,
                connection.destination(),
                connection.forward(),
                lines,
                Set.of(packet.destinationIpPort()))
            : null);
  }

  private String schedulerName(ServiceKey key) {
    VirtualServer service = services.get(key);
    return service == null ? "" : service.scheduler().name();
  }

  private static String describe(VirtualServer service) {
    ServiceFlags flags = service.flags();
    return service.scheduler().name()
        + (flags.persistent()
            ? ", persistent "
                + flags.timeoutSeconds()
                + " s"
                + (flags.netmaskBits() < service.key().family().bits()
                    ? " per /" + flags.netmaskBits()
                    : "")
            : "");
  }

  /** ip_vs_schedule and ip_vs_sched_persist. */
  private Scheduled schedule(
      VirtualServer service, Packet packet, IpvsSysctls sysctls, long now, boolean explain) {
    List<String> lines = explain ? new ArrayList<>() : List.of();
    ServiceKey key = service.key();
    int flags = service.flags().schedulerFlags();
    if (!service.flags().persistent()) {
      if (!key.isFwmark() && packet.destinationPort() != key.port()) {
        if (explain) {
          lines.add("port zero is only supported in persistent services");
        }
        return new Scheduled(null, Scheduling.DecidedBy.NO_DESTINATION, lines, Set.of());
      }
      Choice choice = service.scheduler().schedule(service.destinations(), flags, packet, explain);
      Set<IpPort> candidates = explain ? candidates(service, packet) : Set.of();
      if (explain) {
        lines.add(choice.reason() == null ? "" : choice.reason());
      }
      RealServer server = choice.server();
      if (server == null) {
        return new Scheduled(null, Scheduling.DecidedBy.NO_DESTINATION, lines, candidates);
      }
      int port = server.address().port() != 0 ? server.address().port() : packet.destinationPort();
      IpvsConnection connection = newConnection(service, packet, server, port, null, sysctls, now);
      return new Scheduled(connection, Scheduling.DecidedBy.SCHEDULER, lines, candidates);
    }
    IpAddress client = Cidr.containing(packet.source(), service.flags().netmaskBits()).network();
    TemplateKey templateKey;
    if (packet.destinationPort() == key.port()) {
      templateKey = new TemplateKey(packet.protocol(), client, packet.destination(), key.port(), 0);
    } else if (key.isFwmark()) {
      templateKey = new TemplateKey(null, client, key.address(), 0, key.fwmark());
    } else {
      templateKey = new TemplateKey(packet.protocol(), client, packet.destination(), 0, 0);
    }
    IpvsConnection template = connections.template(templateKey);
    if (template != null && !isUsable(template, sysctls)) {
      if (explain) {
        lines.add(
            "persistence template for "
                + client
                + " -> "
                + template.destination()
                + " no longer applies ("
                + (template.server().isAvailable()
                    ? "its real server is quiescent, expire_quiescent_template=1"
                    : "its real server was removed")
                + ")");
      }
      connections.invalidate(template);
      template = null;
    }
    Set<IpPort> candidates;
    Scheduling.DecidedBy decidedBy;
    RealServer server;
    long timeoutMillis = service.flags().timeoutSeconds() * 1000L;
    if (template == null) {
      Choice choice = service.scheduler().schedule(service.destinations(), flags, packet, explain);
      candidates = explain ? candidates(service, packet) : Set.of();
      if (explain) {
        lines.add(choice.reason() == null ? "" : choice.reason());
      }
      RealServer chosen = choice.server();
      if (chosen == null) {
        return new Scheduled(null, Scheduling.DecidedBy.NO_DESTINATION, lines, candidates);
      }
      server = chosen;
      int templatePort = packet.destinationPort() == key.port() ? chosen.address().port() : 0;
      template =
          new IpvsConnection(
              connections.nextId(),
              key,
              packet.protocol(),
              new IpPort(client, 0),
              new IpPort(templateKey.virtual(), templateKey.port()),
              chosen,
              new IpPort(chosen.address().ip(), templatePort),
              true,
              null,
              false);
      connections.add(template, templateKey, now);
      if (explain) {
        lines.add(
            "persistence template for "
                + client
                + " -> "
                + chosen.address()
                + " created (expires in "
                + seconds(timeoutMillis)
                + ")");
      }
      decidedBy = Scheduling.DecidedBy.SCHEDULER;
    } else {
      server = template.server();
      candidates = explain ? Set.of(server.address()) : Set.of();
      if (explain) {
        lines.add(
            "persistence template for "
                + client
                + " -> "
                + server.address()
                + " reused (expires in "
                + seconds(template.expiresAt() - now)
                + "; re-armed for "
                + seconds(timeoutMillis)
                + ")");
      }
      decidedBy = Scheduling.DecidedBy.TEMPLATE;
    }
    int port = packet.destinationPort();
    if (port == key.port() && server.address().port() != 0) {
      port = server.address().port();
    }
    IpvsConnection connection =
        newConnection(service, packet, server, port, template, sysctls, now);
    connections.arm(template, timeoutMillis, now);
    return new Scheduled(connection, decidedBy, lines, candidates);
  }

  private static String seconds(long millis) {
    return String.format(Locale.ROOT, "%,d s", millis / 1000);
  }

  private static boolean isUsable(IpvsConnection template, IpvsSysctls sysctls) {
    RealServer server = template.server();
    return server.isAvailable() && !(sysctls.expireQuiescentTemplate() && server.weight() == 0);
  }

  private Set<IpPort> candidates(VirtualServer service, Packet packet) {
    Set<IpPort> result = new TreeSet<>();
    for (RealServer server :
        service
            .scheduler()
            .candidates(service.destinations(), service.flags().schedulerFlags(), packet)) {
      result.add(server.address());
    }
    return result;
  }

  private IpvsConnection newConnection(
      VirtualServer service,
      Packet packet,
      RealServer server,
      int port,
      @Nullable IpvsConnection template,
      IpvsSysctls sysctls,
      long now) {
    IpvsConnection connection =
        new IpvsConnection(
            connections.nextId(),
            service.key(),
            packet.protocol(),
            packet.sourceIpPort(),
            packet.destinationIpPort(),
            server,
            new IpPort(server.address().ip(), port),
            false,
            template,
            sysctls.conntrack());
    connections.add(connection, null, now);
    return connection;
  }

  /** ip_vs_nat_xmit, ip_vs_dr_xmit, ip_vs_tunnel_xmit and the local delivery. */
  private HookResult transmit(
      Hook hook,
      Packet packet,
      IpvsConnection connection,
      Scheduling.DecidedBy decidedBy,
      Set<IpPort> candidates,
      Predicate<IpAddress> isLocal,
      List<String> lines,
      boolean explain) {
    IpPort destination = connection.destination();
    boolean local = isLocal.test(destination.ip());
    Translation translation = null;
    ConntrackAction conntrack;
    boolean sent;
    IpAddress via = null;
    switch (connection.forward()) {
      case MASQ -> {
        translation =
            new Translation(
                Translation.Kind.IPVS_MASQ, hook, packet.destinationIpPort(), destination);
        conntrack = connection.usesConntrack() ? ConntrackAction.FOLLOW : ConntrackAction.UNTRACK;
        sent = !local;
        if (explain) {
          lines.add(
              "masq: destination "
                  + packet.destinationIpPort()
                  + " -> "
                  + destination
                  + (connection.usesConntrack()
                      ? "; conntrack follows (net.ipv4.vs.conntrack=1)"
                      : "; the packet leaves conntrack (net.ipv4.vs.conntrack=0): iptables NAT"
                          + " and MASQUERADE no longer see it"));
        }
      }
      case ROUTE, TUNNEL -> {
        boolean route = connection.forward() == ForwardMethod.ROUTE;
        conntrack = connection.usesConntrack() ? ConntrackAction.KEEP : ConntrackAction.UNTRACK;
        sent = !local;
        via = destination.ip();
        if (explain) {
          lines.add(
              route
                  ? "direct routing: sent unchanged (to "
                      + packet.destinationIpPort()
                      + ") to the MAC"
                      + " of "
                      + destination.ip()
                      + "; that server must hold "
                      + packet.destination()
                      + " on its loopback (arp_ignore=1, arp_announce=2) to"
                      + " accept it, and answers the client directly"
                  : "tunnel: sent in IPIP to "
                      + destination.ip()
                      + "; that server must decapsulate"
                      + " it (tunl0 holding "
                      + packet.destination()
                      + ", rp_filter off) and answers"
                      + " the client directly");
        }
      }
      default -> {
        conntrack = ConntrackAction.KEEP;
        sent = false;
        if (explain) {
          lines.add("local: delivered to a process on this host");
        }
      }
    }
    Scheduling record =
        explain
            ? new Scheduling(
                connection.service(),
                schedulerName(connection.service()),
                decidedBy,
                destination,
                connection.forward(),
                lines,
                candidates)
            : null;
    return new HookResult(HookVerdict.ACCEPT, translation, conntrack, sent, via, record);
  }

  /**
   * A packet from a real server at LOCAL_IN, LOCAL_OUT or FORWARD ({@code ip_vs_out}): when it is
   * the reply of a masqueraded connection, its source becomes the virtual address again.
   */
  public HookResult reply(Hook hook, Packet packet, Recording recording) {
    if (!packet.protocol().hasPorts() || connections.size() == 0) {
      return NOT_OURS;
    }
    long now = now();
    connections.fire(now);
    IpvsConnection connection =
        connections.reply(packet.protocol(), packet.sourceIpPort(), packet.destinationIpPort());
    if (connection == null || connection.forward() != ForwardMethod.MASQ) {
      return NOT_OURS;
    }
    connection.server().stats().countOut(packet.length());
    VirtualServer service = services.get(connection.service());
    if (service != null) {
      service.stats().countOut(packet.length());
    }
    int timeout = connection.transition(packet.tcpFlags(), IpvsTcpState.Direction.OUTPUT, timeouts);
    connections.arm(connection, timeout * 1000L, now);
    Translation translation =
        new Translation(
            Translation.Kind.IPVS_UNMASQ, hook, packet.sourceIpPort(), connection.virtual());
    Scheduling record =
        recording == Recording.NONE
            ? null
            : new Scheduling(
                connection.service(),
                schedulerName(connection.service()),
                Scheduling.DecidedBy.REPLY,
                connection.destination(),
                connection.forward(),
                List.of(
                    "reply of "
                        + connection.client()
                        + " -> "
                        + connection.virtual()
                        + " ("
                        + connection.stateName()
                        + "): source "
                        + packet.sourceIpPort()
                        + " -> "
                        + connection.virtual()),
                Set.of());
    return new HookResult(
        HookVerdict.ACCEPT, translation, ConntrackAction.KEEP, false, null, record);
  }
}
