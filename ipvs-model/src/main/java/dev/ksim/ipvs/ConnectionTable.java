package dev.ksim.ipvs;

import dev.ksim.net.IpAddress;
import dev.ksim.net.IpPort;
import dev.ksim.net.Protocol;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The IPVS connection table: connections found by client and virtual address (requests) and by real
 * server and client (replies), persistence templates by masked client and virtual service, and
 * their timers in simulated time. A template that still controls connections when its timer fires
 * is re-armed for 60 s ({@code expire_later} in ip_vs_conn_expire).
 *
 * @see <a
 *     href="https://github.com/torvalds/linux/blob/master/net/netfilter/ipvs/ip_vs_conn.c">ip_vs_conn.c</a>
 */
public final class ConnectionTable {
  /** The connection hash table's size ({@code CONFIG_IP_VS_TAB_BITS} 12), ipvsadm's "size". */
  public static final int SIZE = 4096;

  /** How long a template with live connections is kept when its timer fires. */
  static final long TEMPLATE_GRACE_MILLIS = 60_000;

  /** A request's key: protocol, client, virtual address. */
  private record InKey(Protocol protocol, IpPort client, IpPort virtual) {}

  /** A masqueraded reply's key: protocol, real server, client. */
  private record OutKey(Protocol protocol, IpPort server, IpPort client) {}

  /**
   * A template's key ({@code ip_vs_ct_in_get}): protocol (null for a firewall mark: IPPROTO_IP),
   * masked client, virtual address and port (0 for a port-zero service), firewall mark.
   */
  record TemplateKey(
      @Nullable Protocol protocol, IpAddress client, IpAddress virtual, int port, long fwmark) {}

  private final Map<InKey, IpvsConnection> in = new HashMap<>();
  private final Map<OutKey, IpvsConnection> out = new HashMap<>();
  private final Map<TemplateKey, IpvsConnection> templates = new HashMap<>();
  private final Map<IpvsConnection, TemplateKey> templateKeys = new HashMap<>();
  private final Map<Long, IpvsConnection> all = new TreeMap<>();
  private final ConnectionTimers timers = new ConnectionTimers();
  private long nextId = 1;

  long nextId() {
    return nextId++;
  }

  @Nullable IpvsConnection request(Protocol protocol, IpPort client, IpPort virtual) {
    return in.get(new InKey(protocol, client, virtual));
  }

  @Nullable IpvsConnection reply(Protocol protocol, IpPort server, IpPort client) {
    return out.get(new OutKey(protocol, server, client));
  }

  @Nullable IpvsConnection template(TemplateKey key) {
    return templates.get(key);
  }

  void add(IpvsConnection connection, @Nullable TemplateKey templateKey, long now) {
    all.put(connection.id(), connection);
    if (templateKey != null) {
      templates.put(templateKey, connection);
      templateKeys.put(connection, templateKey);
    } else {
      in.put(
          new InKey(connection.protocol(), connection.client(), connection.virtual()), connection);
      out.put(
          new OutKey(connection.protocol(), connection.destination(), connection.client()),
          connection);
    }
    connection.server().bind(connection.isTemplate(), false);
    IpvsConnection controller = connection.controller();
    if (controller != null) {
      controller.controlAdded();
    }
    arm(connection, 0, now);
  }

  /** (Re)starts a connection's timer ({@code ip_vs_conn_put}). */
  void arm(IpvsConnection connection, long timeoutMillis, long now) {
    connection.setTimer(timeoutMillis, now + timeoutMillis);
    timers.armed(connection);
  }

  /** Takes a template out of lookups: it stays listed until its timer fires. */
  void invalidate(IpvsConnection template) {
    TemplateKey key = templateKeys.remove(template);
    if (key != null) {
      templates.remove(key);
    }
    template.invalidate();
  }

  /** Expires a connection at once ({@code ip_vs_conn_expire_now}). */
  void expireNow(IpvsConnection connection, long now) {
    arm(connection, 0, now);
    fire(now);
  }

  /** Runs every timer due by {@code now}, in time order. */
  void fire(long now) {
    for (IpvsConnection connection = timers.nextDue(now);
        connection != null;
        connection = timers.nextDue(now)) {
      if (connection.controlled() > 0) {
        connection.setTimer(TEMPLATE_GRACE_MILLIS, connection.expiresAt() + TEMPLATE_GRACE_MILLIS);
        timers.armed(connection);
      } else {
        remove(connection);
      }
    }
  }

  private void remove(IpvsConnection connection) {
    all.remove(connection.id());
    TemplateKey key = templateKeys.remove(connection);
    if (key != null) {
      templates.remove(key);
    } else if (!connection.isTemplate()) {
      in.remove(new InKey(connection.protocol(), connection.client(), connection.virtual()));
      out.remove(new OutKey(connection.protocol(), connection.destination(), connection.client()));
    }
    connection.server().unbind(connection.isTemplate(), connection.isActive());
    IpvsConnection controller = connection.controller();
    if (controller != null) {
      controller.controlRemoved();
    }
  }

  /** Every entry, oldest first. */
  public List<IpvsConnection> entries() {
    return new ArrayList<>(all.values());
  }

  /** Forgets every entry. */
  void flush() {
    timers.clear();
    new ArrayList<>(all.values()).forEach(this::remove);
  }

  public int size() {
    return all.size();
  }
}
