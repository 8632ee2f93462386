package dev.ksim.dns.kubernetes;

import com.google.common.net.InetAddresses;
import dev.ksim.dns.DnsMessage;
import dev.ksim.dns.DnsName;
import dev.ksim.dns.DnsRecord;
import dev.ksim.dns.Flag;
import dev.ksim.dns.Question;
import dev.ksim.dns.Rcode;
import dev.ksim.dns.RecordData;
import dev.ksim.dns.RecordType;
import dev.ksim.dns.corefile.KubernetesOptions;
import dev.ksim.dns.corefile.PodsMode;
import dev.ksim.dns.corefile.Zones;
import dev.ksim.dns.kubernetes.DnsService.ServiceKind;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * CoreDNS's kubernetes plugin answering one query from its index. The rules are upstream's (coredns
 * v1.14 {@code plugin/kubernetes/kubernetes.go}, {@code handler.go}, {@code parse.go} and {@code
 * plugin/backend_lookup.go}); ../shared/reference/dns.md section 2 lists them.
 */
public final class KubernetesPlugin {
  /** The schema version of the Kubernetes DNS specification, served at {@code dns-version}. */
  static final String DNS_SCHEMA_VERSION = "1.1.0";

  private static final long DNS_VERSION_TTL = 28800;
  private static final long MAX_SOA_TTL = 300;
  private static final int MAX_CNAME_CHAIN = 7;
  private static final int MAX_POD_NAME_LENGTH = 63;

  /** The rest of the server's chain, which the plugin asks about names outside its zones. */
  @FunctionalInterface
  public interface Upstream {
    /** The answer the server gives for {@code question}, or empty if the lookup failed. */
    Optional<DnsMessage> lookup(Question question);
  }

  private final KubernetesOptions options;
  private final KubernetesIndex index;

  public KubernetesPlugin(KubernetesOptions options, KubernetesIndex index) {
    this.options = options;
    this.index = index;
  }

  /** What a name stands for, or that it does not exist. */
  private record Found(List<Backend> backends, boolean nameError) {
    static final Found NAME_ERROR = new Found(List.of(), true);
    static final Found NO_DATA = new Found(List.of(), false);
  }

  /** Records found for a name, or that it does not exist. */
  private record Records(List<DnsRecord> records, boolean nameError) {}

  /**
   * The reply to {@code query}, or empty when the name is outside the plugin's zones or its
   * NXDOMAIN falls through to the next plugin.
   *
   * @param localIps the addresses of the CoreDNS instance answering (for NS records)
   */
  public Optional<DnsMessage> serve(DnsMessage query, List<String> localIps, Upstream upstream) {
    Question question = query.q();
    DnsName qname = question.name();
    DnsName configZone = Zones.longestMatch(options.zones(), qname);
    if (configZone == null) {
      return Optional.empty();
    }
    // the zone as the query spells it: answers keep the client's letter case
    DnsName zone = qname.suffix(configZone.size());
    RecordType qtype = question.type();
    List<DnsRecord> answer = new ArrayList<>();
    List<DnsRecord> extra = new ArrayList<>();
    boolean nameError;
    if (qtype.isAddress()) {
      Records r = addresses(qname, qtype, zone, List.of(), localIps, upstream);
      answer.addAll(r.records());
      nameError = r.nameError();
    } else if (qtype.equals(RecordType.SRV)) {
      nameError = srv(qname, zone, localIps, answer, extra);
    } else if (qtype.equals(RecordType.TXT)) {
      nameError = txt(qname, zone, localIps, answer);
    } else if (qtype.equals(RecordType.CNAME)) {
      Found found = lookup(qname, zone, localIps);
      found.backends().stream()
          .filter(Backend::isName)
          .forEach(b -> answer.add(DnsRecord.target(qname, qtype, b.ttl(), hostName(b))));
      nameError = found.nameError();
    } else if (qtype.equals(RecordType.PTR)) {
      nameError = ptr(qname, zone, configZone, localIps, answer);
    } else if (qtype.equals(RecordType.SOA)) {
      // SOA is answered at the apex only; below it the name gets NODATA, whether it exists or not
      // (../shared/reference/dns.md 2.11)
      if (qname.sameAs(zone)) {
        answer.add(soa(zone));
      }
      nameError = false;
    } else if (qtype.equals(RecordType.NS) && qname.sameAs(zone)) {
      nameError = ns(qname, zone, localIps, answer, extra);
    } else {
      // a fake A lookup tells NXDOMAIN from NODATA (handler.go)
      nameError = addresses(qname, RecordType.A, zone, List.of(), localIps, upstream).nameError();
    }
    if (nameError && options.fallsThrough(qname)) {
      return Optional.empty();
    }
    DnsMessage reply = DnsMessage.replyTo(query, Rcode.NOERROR).withFlag(Flag.AA, true);
    if (nameError) {
      return Optional.of(
          reply.withRcode(Rcode.NXDOMAIN).withSections(List.of(), List.of(soa(zone)), List.of()));
    }
    if (answer.isEmpty()) {
      return Optional.of(reply.withSections(List.of(), List.of(soa(zone)), List.of()));
    }
    return Optional.of(reply.withSections(dedup(answer), List.of(), dedup(extra)));
  }

  private static List<DnsRecord> dedup(List<DnsRecord> records) {
    List<DnsRecord> out = new ArrayList<>();
    for (DnsRecord r : records) {
      if (out.stream().noneMatch(r::sameAs)) {
        out.add(r);
      }
    }
    return out;
  }

  // ---- lookups (kubernetes.go Services/Records, parse.go) ----

  private Found lookup(DnsName qname, DnsName zone, List<String> localIps) {
    List<String> labels = qname.labels().subList(0, qname.size() - zone.size());
    if (isDefaultNs(labels)) {
      return new Found(nsBackends(zone, localIps), false);
    }
    NameRequest request = NameRequest.parse(labels);
    if (request == null) {
      return Found.NAME_ERROR;
    }
    if (request.podOrSvc().isEmpty()) {
      return Found.NO_DATA;
    }
    if (Zones.isReverse(qname)) {
      // kubernetes.go Records: a svc/pod-shaped name under a reverse zone does not exist
      return Found.NAME_ERROR;
    }
    if (!exposed(request.namespace())) {
      return Found.NAME_ERROR;
    }
    if (request.service().isEmpty()) {
      return Found.NO_DATA;
    }
    if (request.podOrSvc().equals(NameRequest.POD)) {
      return pods(request, zone);
    }
    return services(request, zone);
  }

  private Found services(NameRequest request, DnsName zone) {
    Optional<DnsService> found = index.service(request.namespace(), request.service());
    if (found.isEmpty()) {
      return Found.NAME_ERROR;
    }
    DnsService svc = found.get();
    DnsName serviceName = serviceName(zone, svc.name(), svc.namespace());
    List<DnsEndpointSlice> slices = index.slicesOf(svc.namespace(), svc.name());
    if (options.ignoreEmptyService()
        && svc.kind() == ServiceKind.CLUSTER_IP
        && slices.stream().flatMap(s -> s.endpoints().stream()).noneMatch(DnsEndpoint::ready)) {
      return Found.NAME_ERROR;
    }
    List<Backend> backends = new ArrayList<>();
    switch (svc.kind()) {
      case EXTERNAL_NAME -> {
        if (request.endpoint().isEmpty()
            && !request.hasPort()
            && !InetAddresses.isInetAddress(svc.externalName())
            && DnsName.tryParse(svc.externalName()).isPresent()) {
          backends.add(new Backend(svc.externalName(), 0, serviceName, options.ttl()));
        }
      }
      case HEADLESS -> backends.addAll(endpointBackends(request, slices, serviceName));
      case CLUSTER_IP -> {
        if (!request.endpoint().isEmpty()) {
          backends.addAll(endpointBackends(request, slices, serviceName));
        } else {
          for (DnsPort port : svc.ports()) {
            if (request.matches(port)) {
              svc.clusterIps()
                  .forEach(
                      ip -> backends.add(new Backend(ip, port.port(), serviceName, options.ttl())));
            }
          }
        }
      }
    }
    return backends.isEmpty() ? Found.NAME_ERROR : new Found(backends, false);
  }

  private List<Backend> endpointBackends(
      NameRequest request, List<DnsEndpointSlice> slices, DnsName serviceName) {
    List<Backend> backends = new ArrayList<>();
    if (options.noEndpoints()) {
      return backends;
    }
    for (DnsEndpointSlice slice : slices) {
      for (DnsEndpoint endpoint : slice.endpoints()) {
        if (!endpoint.ready()) {
          continue;
        }
        for (String address : endpoint.addresses()) {
          String host = endpointName(endpoint, address);
          if (!request.endpoint().isEmpty() && !request.endpoint().equalsIgnoreCase(host)) {
            continue;
          }
          for (DnsPort port : slice.answerPorts()) {
            if (request.matches(port)) {
              backends.add(
                  new Backend(address, port.port(), serviceName.prefixed(host), options.ttl()));
            }
          }
        }
      }
    }
    return backends;
  }

  /** The endpoint's name under its Service (kubernetes.go endpointHostname). */
  private String endpointName(DnsEndpoint endpoint, String address) {
    if (!endpoint.hostname().isEmpty()) {
      return endpoint.hostname();
    }
    if (options.endpointPodNames()
        && !endpoint.podName().isEmpty()
        && endpoint.podName().length() <= MAX_POD_NAME_LENGTH) {
      return endpoint.podName();
    }
    if (address.contains(":")) {
      String text = address.endsWith(":") ? address + "0" : address;
      return text.replace(':', '-');
    }
    return address.replace('.', '-');
  }

  private Found pods(NameRequest request, DnsName zone) {
    if (options.pods() == PodsMode.DISABLED) {
      return Found.NAME_ERROR;
    }
    String label = request.service();
    boolean v4 = label.chars().filter(c -> c == '-').count() == 3 && !label.contains("--");
    String ip = v4 ? label.replace('-', '.') : label.replace('-', ':');
    if (!InetAddresses.isInetAddress(ip)) {
      return Found.NAME_ERROR;
    }
    DnsName target = zone.prefixed(NameRequest.POD).prefixed(request.namespace()).prefixed(label);
    if (options.pods() == PodsMode.VERIFIED) {
      InetAddress wanted = InetAddresses.forString(ip);
      boolean exists =
          index.pods().stream()
              .anyMatch(
                  p ->
                      p.counted()
                          && p.namespace().equals(request.namespace())
                          && same(p.ip(), wanted));
      if (!exists) {
        return Found.NAME_ERROR;
      }
    }
    return new Found(List.of(new Backend(ip, 0, target, options.ttl())), false);
  }

  private boolean exposed(String namespace) {
    return (options.namespaces().isEmpty() || options.namespaces().contains(namespace))
        && index.namespaceExists(namespace);
  }

  // ---- answers (backend_lookup.go) ----

  private Records addresses(
      DnsName qname,
      RecordType qtype,
      DnsName zone,
      List<DnsRecord> previous,
      List<String> localIps,
      Upstream upstream) {
    Found found = lookup(qname, zone, localIps);
    if (found.nameError()) {
      return new Records(List.of(), true);
    }
    List<DnsRecord> records = new ArrayList<>();
    Set<InetAddress> seen = new HashSet<>();
    for (Backend backend : found.backends()) {
      Optional<InetAddress> address = backend.address();
      if (address.isPresent()) {
        if ((address.get() instanceof Inet4Address) == qtype.equals(RecordType.A)
            && seen.add(address.get())) {
          records.add(DnsRecord.address(qname, backend.ttl(), address.get()));
        }
        continue;
      }
      DnsName target = hostName(backend);
      DnsRecord cname = DnsRecord.target(qname, RecordType.CNAME, backend.ttl(), target);
      if (target.sameAs(qname)
          || previous.size() > MAX_CNAME_CHAIN
          || previous.stream().anyMatch(cname::sameAs)) {
        continue;
      }
      if (target.isSubdomainOf(zone)) {
        List<DnsRecord> chain = new ArrayList<>(previous);
        chain.add(cname);
        Records next = addresses(target, qtype, zone, chain, localIps, upstream);
        if (!next.nameError() && !next.records().isEmpty()) {
          records.add(cname);
          records.addAll(next.records());
        }
        continue;
      }
      Optional<DnsMessage> outside = upstream.lookup(new Question(target, qtype));
      if (outside.isPresent()) {
        records.add(cname);
        records.addAll(outside.get().answer());
      }
    }
    return new Records(records, false);
  }

  private boolean srv(
      DnsName qname,
      DnsName zone,
      List<String> localIps,
      List<DnsRecord> answer,
      List<DnsRecord> extra) {
    Found found = lookup(qname, zone, localIps);
    if (found.nameError()) {
      return true;
    }
    List<Backend> backends = found.backends().stream().filter(b -> !b.isName()).toList();
    if (backends.isEmpty()) {
      return false;
    }
    // every record has priority 0 and weight floor(100 / N), N counted before duplicates go
    int weight = Math.max(1, 100 / backends.size());
    Set<String> seen = new HashSet<>();
    for (Backend backend : backends) {
      if (backend.port() == -1) {
        continue;
      }
      InetAddress address = backend.address().orElseThrow();
      if (seen.add(backend.target() + " port " + backend.port())) {
        answer.add(
            new DnsRecord(
                qname,
                RecordType.SRV,
                backend.ttl(),
                new RecordData.Srv(0, weight, backend.port(), backend.target())));
      }
      if (seen.add(backend.target() + " address " + address.getHostAddress())) {
        extra.add(DnsRecord.address(backend.target(), backend.ttl(), address));
      }
    }
    return false;
  }

  private boolean txt(DnsName qname, DnsName zone, List<String> localIps, List<DnsRecord> answer) {
    if (qname.size() == zone.size() + 1 && qname.labels().get(0).equalsIgnoreCase("dns-version")) {
      answer.add(
          new DnsRecord(
              qname,
              RecordType.TXT,
              DNS_VERSION_TTL,
              new RecordData.Txt(List.of(DNS_SCHEMA_VERSION))));
      return false;
    }
    return lookup(qname, zone, localIps).nameError();
  }

  private boolean ptr(
      DnsName qname,
      DnsName zone,
      DnsName configZone,
      List<String> localIps,
      List<DnsRecord> answer) {
    Optional<InetAddress> ip =
        Zones.isReverse(configZone) ? qname.reverseAddress() : Optional.empty();
    if (ip.isEmpty()) {
      Found found = lookup(qname, zone, localIps);
      found.backends().stream()
          .filter(Backend::isName)
          .forEach(b -> answer.add(DnsRecord.target(qname, RecordType.PTR, b.ttl(), hostName(b))));
      return found.nameError();
    }
    List<DnsName> targets = reverse(ip.get());
    for (DnsName target : targets) {
      if (answer.stream().noneMatch(r -> r.data().text().equals(target.toString()))) {
        answer.add(DnsRecord.target(qname, RecordType.PTR, options.ttl(), target));
      }
    }
    return targets.isEmpty();
  }

  /** The names of {@code ip}: the first Service with that ClusterIP, else every endpoint. */
  private List<DnsName> reverse(InetAddress ip) {
    DnsName primary = options.primaryZone();
    for (DnsService svc : index.services()) {
      if (ptrVisible(svc.namespace()) && svc.clusterIps().stream().anyMatch(c -> same(c, ip))) {
        return List.of(serviceName(primary, svc.name(), svc.namespace()));
      }
    }
    List<DnsName> names = new ArrayList<>();
    for (DnsEndpointSlice slice : index.slices()) {
      if (!ptrVisible(slice.namespace())) {
        continue;
      }
      DnsName service = serviceName(primary, slice.serviceName(), slice.namespace());
      for (DnsEndpoint endpoint : slice.endpoints()) {
        for (String address : endpoint.addresses()) {
          if (endpoint.ready() && same(address, ip)) {
            names.add(service.prefixed(endpointName(endpoint, address)));
          }
        }
      }
    }
    return names;
  }

  private boolean ptrVisible(String namespace) {
    return options.namespaces().isEmpty() || exposed(namespace);
  }

  private boolean ns(
      DnsName qname,
      DnsName zone,
      List<String> localIps,
      List<DnsRecord> answer,
      List<DnsRecord> extra) {
    Set<DnsName> seen = new HashSet<>();
    for (Backend backend : nsBackends(zone, localIps)) {
      extra.add(
          DnsRecord.address(backend.target(), backend.ttl(), backend.address().orElseThrow()));
      if (seen.add(backend.target())) {
        answer.add(DnsRecord.target(qname, RecordType.NS, backend.ttl(), backend.target()));
      }
    }
    return false;
  }

  /**
   * The names and addresses of the Services whose endpoints are this server's own addresses, or
   * {@code ns.dns.<zone>} with those addresses when none is (kubernetes.go nsAddrs).
   */
  private List<Backend> nsBackends(DnsName zone, List<String> localIps) {
    List<Backend> backends = new ArrayList<>();
    for (String local : localIps) {
      for (DnsEndpointSlice slice : index.slices()) {
        boolean holds =
            slice.endpoints().stream()
                .anyMatch(e -> e.ready() && e.addresses().stream().anyMatch(a -> a.equals(local)));
        Optional<DnsService> svc = index.service(slice.namespace(), slice.serviceName());
        if (!holds || svc.isEmpty()) {
          continue;
        }
        DnsName serviceName = serviceName(zone, svc.get().name(), svc.get().namespace());
        if (svc.get().kind() == ServiceKind.HEADLESS) {
          for (DnsEndpoint e : slice.endpoints()) {
            for (String a : e.addresses()) {
              DnsName name = serviceName.prefixed(endpointName(e, a));
              backends.add(new Backend(a, 0, name, options.ttl()));
            }
          }
        } else {
          svc.get()
              .clusterIps()
              .forEach(ip -> backends.add(new Backend(ip, 0, serviceName, options.ttl())));
        }
      }
    }
    if (backends.isEmpty()) {
      DnsName defaultNs = zone.prefixed("dns").prefixed("ns");
      localIps.forEach(ip -> backends.add(new Backend(ip, 0, defaultNs, options.ttl())));
    }
    return backends;
  }

  private DnsRecord soa(DnsName zone) {
    return new DnsRecord(
        zone,
        RecordType.SOA,
        Math.min(options.ttl(), MAX_SOA_TTL),
        new RecordData.Soa(
            zone.prefixed("dns").prefixed("ns"),
            zone.prefixed("hostmaster"),
            index.serial(),
            7200,
            1800,
            86400,
            options.ttl()));
  }

  // ---- autopath (autopath.go) and transfer (xfr.go) ----

  /**
   * The search path of the pod at {@code remoteIp} for a query of {@code qname}, as the autopath
   * plugin asks it: {@code <ns>.svc.<zone>}, {@code svc.<zone>}, {@code <zone>}, the CoreDNS pod's
   * own search list (empty on ksim's nodes), then the empty name; nothing when the name is outside
   * the plugin's zones, pods are not {@code verified} or no pod has that address.
   *
   * @see <a
   *     href="https://github.com/coredns/coredns/blob/master/plugin/kubernetes/autopath.go">coredns
   *     plugin/kubernetes/autopath.go AutoPath, podWithIP</a>
   */
  public Optional<List<DnsName>> autoPath(DnsName qname, String remoteIp) {
    DnsName zone = Zones.longestMatch(options.zones(), qname);
    if (zone == null
        || options.pods() != PodsMode.VERIFIED
        || !InetAddresses.isInetAddress(remoteIp)) {
      return Optional.empty();
    }
    InetAddress client = InetAddresses.forString(remoteIp);
    return index.pods().stream()
        .filter(p -> p.counted() && same(p.ip(), client))
        .findFirst()
        .map(
            pod -> {
              DnsName svc = zone.prefixed(NameRequest.SVC);
              return List.of(svc.prefixed(pod.namespace()), svc, zone, DnsName.ROOT);
            });
  }

  /**
   * Every record of {@code zone} in the order the plugin sends them for an AXFR: the SOA, an NS per
   * name server, their addresses, then each exposed Service in name order (its addresses and SRV
   * records, or for a headless Service each ready endpoint's addresses and named-port SRV records,
   * or an ExternalName's CNAME), and the SOA again; empty when the plugin is not authoritative.
   * Services of equal name are taken in namespace order (upstream sorts by name alone).
   *
   * @see <a href="https://github.com/coredns/coredns/blob/master/plugin/kubernetes/xfr.go">coredns
   *     plugin/kubernetes/xfr.go Transfer, transferServices</a>
   */
  public Optional<List<DnsRecord>> transfer(DnsName zone, List<String> localIps) {
    if (Zones.longestMatch(options.zones(), zone) == null) {
      return Optional.empty();
    }
    List<DnsRecord> records = new ArrayList<>();
    DnsRecord soa = soa(zone);
    records.add(soa);
    List<Backend> servers = nsBackends(zone, localIps);
    Set<DnsName> hosts = new HashSet<>();
    for (Backend server : servers) {
      if (hosts.add(server.target().lower())) {
        records.add(DnsRecord.target(zone, RecordType.NS, options.ttl(), server.target()));
      }
    }
    servers.forEach(
        b -> records.add(DnsRecord.address(b.target(), b.ttl(), b.address().orElseThrow())));
    List<DnsService> services = new ArrayList<>(index.services());
    services.sort(Comparator.comparing(DnsService::name).thenComparing(DnsService::namespace));
    for (DnsService svc : services) {
      if (exposed(svc.namespace())) {
        transferService(svc, serviceName(zone, svc.name(), svc.namespace()), records);
      }
    }
    records.add(soa);
    return Optional.of(records);
  }

  private void transferService(DnsService svc, DnsName name, List<DnsRecord> records) {
    long ttl = options.ttl();
    switch (svc.kind()) {
      case CLUSTER_IP -> {
        svc.clusterIps()
            .forEach(ip -> records.add(DnsRecord.address(name, ttl, InetAddresses.forString(ip))));
        for (DnsPort port : svc.ports()) {
          records.add(srv(name, ttl, 100, port.port(), name));
          if (!port.name().isEmpty()) {
            records.add(srv(portName(name, port), ttl, 100, port.port(), name));
          }
        }
      }
      case HEADLESS -> {
        for (DnsEndpointSlice slice : index.slicesOf(svc.namespace(), svc.name())) {
          List<DnsEndpoint> ready = slice.endpoints().stream().filter(DnsEndpoint::ready).toList();
          int addresses = ready.stream().mapToInt(e -> e.addresses().size()).sum();
          int weight = Math.max(1, 100 / Math.max(1, addresses));
          for (DnsEndpoint endpoint : ready) {
            for (String address : endpoint.addresses()) {
              InetAddress ip = InetAddresses.forString(address);
              DnsName host = name.prefixed(endpointName(endpoint, address));
              records.add(DnsRecord.address(name, ttl, ip));
              records.add(DnsRecord.address(host, ttl, ip));
              for (DnsPort port : slice.answerPorts()) {
                if (!port.name().isEmpty()) {
                  records.add(srv(portName(name, port), ttl, weight, port.port(), host));
                }
              }
            }
          }
        }
      }
      case EXTERNAL_NAME -> {
        if (!InetAddresses.isInetAddress(svc.externalName())) {
          DnsName.tryParse(svc.externalName())
              .ifPresent(t -> records.add(DnsRecord.target(name, RecordType.CNAME, ttl, t)));
        }
      }
    }
  }

  private static DnsRecord srv(DnsName name, long ttl, int weight, int port, DnsName target) {
    return new DnsRecord(name, RecordType.SRV, ttl, new RecordData.Srv(0, weight, port, target));
  }

  /** {@code _<port>._<protocol>.<service name>}, lower case. */
  private static DnsName portName(DnsName service, DnsPort port) {
    return service
        .prefixed("_" + port.protocol().toLowerCase(Locale.ROOT))
        .prefixed("_" + port.name().toLowerCase(Locale.ROOT));
  }

  // ---- names ----

  private static boolean isDefaultNs(List<String> labels) {
    return labels.size() == 2
        && labels.get(0).equalsIgnoreCase("ns")
        && labels.get(1).equalsIgnoreCase("dns");
  }

  private static DnsName serviceName(DnsName zone, String service, String namespace) {
    return zone.prefixed(NameRequest.SVC).prefixed(namespace).prefixed(service);
  }

  private static DnsName hostName(Backend backend) {
    return DnsName.parse(backend.host());
  }

  private static boolean same(String address, InetAddress ip) {
    return InetAddresses.isInetAddress(address) && InetAddresses.forString(address).equals(ip);
  }
}
