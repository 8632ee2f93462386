package dev.ksim.netfilter.match;

import java.util.Map;

/**
 * Port names as {@code iptables -L} prints them without {@code -n}: the entries of Debian's
 * /etc/services for the ports Kubernetes tutorials use (tcp and udp share names here).
 */
public final class PortNames {
  private static final Map<Integer, String> NAMES =
      Map.ofEntries(
          Map.entry(20, "ftp-data"),
          Map.entry(21, "ftp"),
          Map.entry(22, "ssh"),
          Map.entry(23, "telnet"),
          Map.entry(25, "smtp"),
          Map.entry(53, "domain"),
          Map.entry(67, "bootps"),
          Map.entry(68, "bootpc"),
          Map.entry(80, "http"),
          Map.entry(110, "pop3"),
          Map.entry(123, "ntp"),
          Map.entry(143, "imap2"),
          Map.entry(161, "snmp"),
          Map.entry(389, "ldap"),
          Map.entry(443, "https"),
          Map.entry(445, "microsoft-ds"),
          Map.entry(636, "ldaps"),
          Map.entry(993, "imaps"),
          Map.entry(995, "pop3s"),
          Map.entry(1080, "socks"),
          Map.entry(1194, "openvpn"),
          Map.entry(1433, "ms-sql-s"),
          Map.entry(2049, "nfs"),
          Map.entry(3128, "squid"),
          Map.entry(3306, "mysql"),
          Map.entry(5353, "mdns"),
          Map.entry(5432, "postgresql"),
          Map.entry(5672, "amqp"),
          Map.entry(6379, "redis"),
          Map.entry(8080, "http-alt"),
          Map.entry(9090, "websm"),
          Map.entry(11211, "memcache"),
          Map.entry(27017, "mongodb"));

  private PortNames() {}

  /** The port's name, or its number when /etc/services has none (or when numeric). */
  public static String name(int port, boolean numeric) {
    if (numeric) {
      return Integer.toString(port);
    }
    String name = NAMES.get(port);
    return name != null ? name : Integer.toString(port);
  }
}
