package dev.ksim.ipvs.text;

import dev.ksim.ipvs.ConnectionTable;
import dev.ksim.ipvs.Ipvs;
import dev.ksim.ipvs.IpvsConnection;
import dev.ksim.ipvs.IpvsStats;
import dev.ksim.ipvs.IpvsTcpState;
import dev.ksim.ipvs.RealServer;
import dev.ksim.ipvs.ServiceFlags;
import dev.ksim.ipvs.ServiceKey;
import dev.ksim.ipvs.VirtualServer;
import dev.ksim.net.Cidr;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.net.IpPort;
import dev.ksim.net.Protocol;
import dev.ksim.netfilter.match.PortNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * ipvsadm 1.31's listings, byte for byte: {@code -L} with its formats ({@code --stats}, {@code
 * --rate}, {@code --thresholds}, {@code --persistent-conn}, {@code --exact}, {@code -n}), {@code
 * -S}, {@code -Lc} and {@code --timeout}. Services and real servers are sorted with ipvsadm's own
 * comparisons and glibc's merge sort, starting from ksim's kernel order (services in the order they
 * were added; the kernel's hash order depends on the namespace's address in memory).
 *
 * @see <a
 *     href="https://git.kernel.org/pub/scm/utils/kernel/ipvsadm/ipvsadm.git/tree/ipvsadm.c?h=v1.31">ipvsadm.c
 *     (print_title, print_service_entry, print_largenum, list_conn, list_timeout)</a>
 * @see <a
 *     href="https://git.kernel.org/pub/scm/utils/kernel/ipvsadm/ipvsadm.git/tree/libipvs/libipvs.c?h=v1.31">libipvs.c
 *     (ipvs_cmp_services, ipvs_cmp_dests)</a>
 */
public final class IpvsadmWriter {
  /** How a listing prints. */
  public record Format(
      boolean numeric,
      boolean rule,
      boolean stats,
      boolean rate,
      boolean thresholds,
      boolean persistentConn,
      boolean exact,
      boolean nosort) {
    /** {@code -Ln}. */
    public static final Format NUMERIC =
        new Format(true, false, false, false, false, false, false, false);

    /** {@code -Sn}. */
    public static final Format SAVE =
        new Format(true, true, false, false, false, false, false, false);
  }

  private IpvsadmWriter() {}

  /** {@code ipvsadm -L} of every service (or, with {@code rule}, {@code -S}). */
  public static String list(Ipvs ipvs, Format format) {
    StringBuilder out = new StringBuilder();
    if (!format.rule()) {
      out.append(
          String.format(
              Locale.ROOT,
              "IP Virtual Server version %s (size=%d)%n",
              Ipvs.VERSION,
              ConnectionTable.SIZE));
    }
    title(out, format);
    List<VirtualServer> services = ipvs.services();
    if (!format.nosort()) {
      services = GlibcSort.sort(services, IpvsadmWriter::compareServices);
    }
    long now = ipvs.now();
    for (VirtualServer service : services) {
      entry(out, service, format, now);
    }
    return out.toString();
  }

  /** {@code ipvsadm -L -t ADDR:PORT}: one service, no version line. */
  public static String listService(Ipvs ipvs, VirtualServer service, Format format) {
    StringBuilder out = new StringBuilder();
    title(out, format);
    entry(out, service, format, ipvs.now());
    return out.toString();
  }

  /** {@code ipvsadm -S -n}. */
  public static String save(Ipvs ipvs) {
    return list(ipvs, Format.SAVE);
  }

  /** {@code ipvsadm -L --timeout}. */
  public static String timeouts(Ipvs ipvs) {
    return String.format(
        Locale.ROOT,
        "Timeout (tcp tcpfin udp): %d %d %d%n",
        ipvs.timeouts().tcp(IpvsTcpState.ESTABLISHED),
        ipvs.timeouts().tcp(IpvsTcpState.FIN_WAIT),
        ipvs.timeouts().udp());
  }

  /** {@code ipvsadm -L -c} (from /proc/net/ip_vs_conn, in ksim's table order: oldest first). */
  public static String connections(Ipvs ipvs, boolean numeric, boolean persistentConn) {
    StringBuilder out = new StringBuilder("IPVS connection entries\n");
    if (persistentConn) {
      out.append(
          String.format(
              Locale.ROOT,
              "pro expire %-11s %-18s %-18s %-18s %-16s %s%n",
              "state",
              "source",
              "virtual",
              "destination",
              "pe name",
              "pe_data"));
    } else {
      out.append(
          String.format(
              Locale.ROOT,
              "pro expire %-11s %-18s %-18s %s%n",
              "state",
              "source",
              "virtual",
              "destination"));
    }
    long now = ipvs.now();
    for (IpvsConnection connection : ipvs.connections().entries()) {
      long seconds = Math.max(0, (connection.expiresAt() - now) / 1000);
      String expire = String.format(Locale.ROOT, "%02d:%02d", seconds / 60, seconds % 60);
      Protocol protocol = connection.protocol();
      String source = name(connection.client(), protocol, numeric);
      String virtual = name(connection.virtual(), protocol, numeric);
      String destination = name(connection.destination(), protocol, numeric);
      if (persistentConn) {
        out.append(
            String.format(
                Locale.ROOT,
                "%-3s %-6s %-11s %-18s %-18s %-18s %-16s %s%n",
                connection.protocolName(),
                expire,
                connection.stateName(),
                source,
                virtual,
                destination,
                "",
                ""));
      } else {
        out.append(
            String.format(
                Locale.ROOT,
                "%-3s %-6s %-11s %-18s %-18s %s%n",
                connection.protocolName(),
                expire,
                connection.stateName(),
                source,
                virtual,
                destination));
      }
    }
    return out.toString();
  }

  private static void title(StringBuilder out, Format format) {
    if (format.rule()) {
      return;
    }
    if (format.stats()) {
      out.append(
          String.format(
              Locale.ROOT,
              "%-33s %8s %8s %8s %8s %8s%n  -> RemoteAddress:Port%n",
              "Prot LocalAddress:Port",
              "Conns",
              "InPkts",
              "OutPkts",
              "InBytes",
              "OutBytes"));
    } else if (format.rate()) {
      out.append(
          String.format(
              Locale.ROOT,
              "%-33s %8s %8s %8s %8s %8s%n  -> RemoteAddress:Port%n",
              "Prot LocalAddress:Port",
              "CPS",
              "InPPS",
              "OutPPS",
              "InBPS",
              "OutBPS"));
    } else if (format.thresholds()) {
      out.append(
          String.format(
              Locale.ROOT,
              "%-33s %-10s %-10s %-10s %-10s%n  -> RemoteAddress:Port%n",
              "Prot LocalAddress:Port",
              "Uthreshold",
              "Lthreshold",
              "ActiveConn",
              "InActConn"));
    } else if (format.persistentConn()) {
      out.append(
          String.format(
              Locale.ROOT,
              "%-33s %-9s %-11s %-10s %-10s%n  -> RemoteAddress:Port%n",
              "Prot LocalAddress:Port",
              "Weight",
              "PersistConn",
              "ActiveConn",
              "InActConn"));
    } else {
      out.append("Prot LocalAddress:Port Scheduler Flags\n")
          .append("  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n");
    }
  }

  private static void entry(StringBuilder out, VirtualServer service, Format format, long now) {
    ServiceKey key = service.key();
    boolean v6 = key.family() == IpFamily.IPV6;
    String name;
    if (key.isFwmark()) {
      name =
          format.rule()
              ? "-f " + key.fwmark() + (v6 ? " -6" : "")
              : "FWM  " + key.fwmark() + (v6 ? " IPv6" : "");
    } else {
      String vname = name(key.ipPort(), key.protocol(), format.numeric());
      if (format.rule()) {
        name = protocolSwitch(key.protocol()) + " " + vname;
      } else {
        name = key.protocol().name() + "  " + vname;
        if (!v6 && name.length() > 33) {
          name = name.substring(0, 33);
        }
      }
    }
    ServiceFlags flags = service.flags();
    String scheduler = service.scheduler().name();
    IpvsStats stats = service.stats();
    stats.estimate(now);
    if (format.rule()) {
      out.append("-A ").append(name).append(" -s ").append(scheduler);
      if (flags.persistent()) {
        out.append(" -p ").append(flags.timeoutSeconds());
        if (flags.netmaskBits() != key.family().bits()) {
          out.append(" -M ").append(mask(key.family(), flags.netmaskBits()));
        }
      }
      if (flags.onePacket()) {
        out.append(" -o");
      }
      if (flags.schedulerFlags() != 0) {
        out.append(" -b ").append(schedulerFlags(scheduler, flags.schedulerFlags()));
      }
    } else if (format.stats()) {
      out.append(String.format(Locale.ROOT, "%-33s", name));
      numbers(
          out,
          format,
          stats.conns(),
          stats.inPackets(),
          stats.outPackets(),
          stats.inBytes(),
          stats.outBytes());
    } else if (format.rate()) {
      out.append(String.format(Locale.ROOT, "%-33s", name));
      numbers(
          out, format, stats.cps(), stats.inPps(), stats.outPps(), stats.inBps(), stats.outBps());
    } else {
      out.append(name).append(' ').append(scheduler);
      if (flags.schedulerFlags() != 0) {
        out.append(" (").append(schedulerFlags(scheduler, flags.schedulerFlags())).append(')');
      }
      if (flags.persistent()) {
        out.append(" persistent ").append(flags.timeoutSeconds());
        if (flags.netmaskBits() != key.family().bits()) {
          out.append(" mask ").append(mask(key.family(), flags.netmaskBits()));
        }
      }
      if (flags.onePacket()) {
        out.append(" ops");
      }
    }
    out.append('\n');
    List<RealServer> servers = service.destinations();
    if (!format.nosort()) {
      servers = GlibcSort.sort(servers, IpvsadmWriter::compareServers);
    }
    for (RealServer server : servers) {
      destination(out, name, server, key, format, now);
    }
  }

  private static void destination(
      StringBuilder out,
      String serviceName,
      RealServer server,
      ServiceKey key,
      Format format,
      long now) {
    String dname = name(server.address(), key.protocol(), format.numeric());
    if (!format.rule() && key.family() != IpFamily.IPV6 && dname.length() > 28) {
      dname = dname.substring(0, 28);
    }
    IpvsStats stats = server.stats();
    stats.estimate(now);
    if (format.rule()) {
      out.append(
          String.format(
              Locale.ROOT,
              "-a %s -r %s %s -w %d%n",
              serviceName,
              dname,
              server.forward().saveSwitch(),
              server.weight()));
    } else if (format.stats()) {
      out.append(String.format(Locale.ROOT, "  -> %-28s", dname));
      numbers(
          out,
          format,
          stats.conns(),
          stats.inPackets(),
          stats.outPackets(),
          stats.inBytes(),
          stats.outBytes());
      out.append('\n');
    } else if (format.rate()) {
      out.append(
          String.format(
              Locale.ROOT,
              "  -> %-28s %8d %8d %8d",
              dname,
              stats.cps(),
              stats.inPps(),
              stats.outPps()));
      numbers(out, format, stats.inBps(), stats.outBps());
      out.append('\n');
    } else if (format.thresholds()) {
      out.append(
          String.format(
              Locale.ROOT,
              "  -> %-28s %-10d %-10d %-10d %-10d%n",
              dname,
              server.upperThreshold(),
              server.lowerThreshold(),
              server.activeConns(),
              server.inactiveConns()));
    } else if (format.persistentConn()) {
      out.append(
          String.format(
              Locale.ROOT,
              "  -> %-28s %-9d %-11d %-10d %-10d%n",
              dname,
              server.weight(),
              server.persistentConns(),
              server.activeConns(),
              server.inactiveConns()));
    } else {
      out.append(
          String.format(
              Locale.ROOT,
              "  -> %-28s %-7s %-6d %-10d %-10d%n",
              dname,
              server.forward().listName(),
              server.weight(),
              server.activeConns(),
              server.inactiveConns()));
    }
  }

  private static void numbers(StringBuilder out, Format format, long... values) {
    for (long value : values) {
      out.append(largeNumber(value, format.exact()));
    }
  }

  /** {@code print_largenum}: 9 columns, scaled with K, M, G, T from 10^8 on unless exact. */
  static String largeNumber(long value, boolean exact) {
    if (exact) {
      String digits = Long.toUnsignedString(value);
      int width = digits.length() <= 8 ? 9 : digits.length() + 1;
      return String.format(Locale.ROOT, "%" + width + "s", digits);
    }
    if (value < 100_000_000L) {
      return String.format(Locale.ROOT, "%9d", value);
    } else if (value < 1_000_000_000L) {
      return String.format(Locale.ROOT, "%8dK", value / 1000);
    } else if (value < 100_000_000_000L) {
      return String.format(Locale.ROOT, "%8dM", value / 1_000_000);
    } else if (value < 100_000_000_000_000L) {
      return String.format(Locale.ROOT, "%8dG", value / 1_000_000_000L);
    }
    return String.format(Locale.ROOT, "%8dT", value / 1_000_000_000_000L);
  }

  private static String protocolSwitch(Protocol protocol) {
    return switch (protocol) {
      case TCP -> "-t";
      case UDP -> "-u";
      default -> "--sctp-service";
    };
  }

  /** {@code print_sched_flags}. */
  static String schedulerFlags(String scheduler, int flags) {
    List<String> names = new ArrayList<>();
    boolean hashing = scheduler.equals("sh") || scheduler.equals("mh");
    if ((flags & ServiceFlags.SCHED_FLAG_1) != 0) {
      names.add(hashing ? scheduler + "-fallback" : "flag-1");
    }
    if ((flags & ServiceFlags.SCHED_FLAG_2) != 0) {
      names.add(hashing ? scheduler + "-port" : "flag-2");
    }
    if ((flags & ServiceFlags.SCHED_FLAG_3) != 0) {
      names.add("flag-3");
    }
    return String.join(",", names);
  }

  private static String mask(IpFamily family, int bits) {
    if (family == IpFamily.IPV6) {
      return Integer.toString(bits);
    }
    return Cidr.containing(IpAddress.parse("255.255.255.255"), bits).network().toString();
  }

  /**
   * {@code addrport_to_anyname}: {@code a.b.c.d:port} or {@code [v6]:port}, port named unless -n.
   */
  static String name(IpPort address, Protocol protocol, boolean numeric) {
    String port = PortNames.name(address.port(), numeric);
    return address.ip().isV4() ? address.ip() + ":" + port : "[" + address.ip() + "]:" + port;
  }

  /** {@code ipvs_cmp_services}. */
  static int compareServices(VirtualServer a, VirtualServer b) {
    ServiceKey s1 = a.key();
    ServiceKey s2 = b.key();
    int r = (int) (s1.fwmark() - s2.fwmark());
    if (r != 0) {
      return r;
    }
    r = family(s1.family()) - family(s2.family());
    if (r != 0) {
      return r;
    }
    r = s1.protocol().number() - s2.protocol().number();
    if (r != 0) {
      return r;
    }
    r = compareAddresses(s1.address(), s2.address());
    if (r != 0) {
      return r;
    }
    return s1.port() - s2.port();
  }

  /** {@code ipvs_cmp_dests}. */
  static int compareServers(RealServer a, RealServer b) {
    int r = compareAddresses(a.address().ip(), b.address().ip());
    if (r != 0) {
      return r;
    }
    return a.address().port() - b.address().port();
  }

  private static int family(IpFamily family) {
    return family == IpFamily.IPV4 ? 2 : 10;
  }

  /** 32-bit words subtracted into an int, as libipvs does (not transitive across 2^31). */
  private static int compareAddresses(IpAddress a, IpAddress b) {
    if (a.isV4() && b.isV4()) {
      return (int) a.low() - (int) b.low();
    }
    int[] wa = words(a);
    int[] wb = words(b);
    int r = 0;
    for (int i = 0; r == 0 && i < 4; i++) {
      r = wa[i] - wb[i];
    }
    return r;
  }

  private static int[] words(IpAddress address) {
    if (address.isV4()) {
      return new int[] {(int) address.low(), 0, 0, 0};
    }
    return new int[] {
      (int) (address.high() >>> 32),
      (int) address.high(),
      (int) (address.low() >>> 32),
      (int) address.low()
    };
  }
}
