package dev.ksim.ipvs;

import dev.ksim.net.IpPort;

/**
 * A real server of a virtual service (the kernel's {@code struct ip_vs_dest}): its address,
 * forwarding method, weight, connection thresholds and counters. Mutable, as the kernel's is: the
 * connection table counts connections on it and the schedulers read those counts.
 *
 * <p>It is overloaded when an upper threshold is set and its active plus inactive connections reach
 * it; the flag clears when they fall below the lower threshold, or (without one) below three
 * quarters of the upper. Weight 0 makes it quiescent: no scheduler picks it, existing connections
 * go on.
 *
 * @see <a
 *     href="https://github.com/torvalds/linux/blob/master/net/netfilter/ipvs/ip_vs_conn.c">ip_vs_conn.c
 *     (ip_vs_bind_dest, ip_vs_unbind_dest)</a>
 */
public final class RealServer {
  private final IpPort address;
  private ForwardMethod forward;
  private int weight;
  private int lastWeight;
  private int upperThreshold;
  private int lowerThreshold;
  private int activeConns;
  private int inactiveConns;
  private int persistentConns;
  private boolean overloaded;
  private boolean available = true;
  private final IpvsStats stats;

  /** A real server as {@code ipvsadm -a} adds it. */
  public RealServer(
      IpPort address,
      ForwardMethod forward,
      int weight,
      int upperThreshold,
      int lowerThreshold,
      long now) {
    this.address = address;
    this.stats = new IpvsStats(now);
    this.forward = forward;
    update(forward, weight, upperThreshold, lowerThreshold);
  }

  /** Changes what {@code ipvsadm -e} changes. */
  void update(ForwardMethod newForward, int newWeight, int upper, int lower) {
    this.forward = newForward;
    this.weight = newWeight;
    if (newWeight > 0) {
      this.lastWeight = newWeight;
    }
    this.upperThreshold = upper;
    this.lowerThreshold = lower;
    if (upper == 0 || totalConns() < upper) {
      overloaded = false;
    }
  }

  public IpPort address() {
    return address;
  }

  public ForwardMethod forward() {
    return forward;
  }

  public int weight() {
    return weight;
  }

  /** The last weight above 0 ({@code last_weight}: what mh keeps a quiescent server's slots by). */
  public int lastWeight() {
    return lastWeight;
  }

  public int upperThreshold() {
    return upperThreshold;
  }

  public int lowerThreshold() {
    return lowerThreshold;
  }

  public int activeConns() {
    return activeConns;
  }

  public int inactiveConns() {
    return inactiveConns;
  }

  public int persistentConns() {
    return persistentConns;
  }

  /** ActiveConn + InActConn ({@code ip_vs_dest_totalconns}). */
  public int totalConns() {
    return activeConns + inactiveConns;
  }

  /**
   * The load lc, wlc, lblc, lblcr and twos compare: an active connection weighs 256 inactive ones
   * ({@code ip_vs_dest_conn_overhead}).
   */
  public long overhead() {
    return ((long) activeConns << 8) + inactiveConns;
  }

  /** {@code IP_VS_DEST_F_OVERLOAD}. */
  public boolean isOverloaded() {
    return overloaded;
  }

  /** {@code IP_VS_DEST_F_AVAILABLE}: false once removed from its service. */
  public boolean isAvailable() {
    return available;
  }

  void removed() {
    available = false;
  }

  public IpvsStats stats() {
    return stats;
  }

  /**
   * A connection (or, with {@code template}, a persistence template) now uses this server; new
   * connections start inactive ({@code IP_VS_CONN_F_INACTIVE}).
   */
  public void bind(boolean template, boolean active) {
    if (template) {
      persistentConns++;
    } else if (active) {
      activeConns++;
    } else {
      inactiveConns++;
    }
    if (upperThreshold != 0 && totalConns() >= upperThreshold) {
      overloaded = true;
    }
  }

  /** A connection of this server expired. */
  public void unbind(boolean template, boolean active) {
    if (template) {
      persistentConns--;
    } else if (active) {
      activeConns--;
    } else {
      inactiveConns--;
    }
    if (lowerThreshold != 0) {
      if (totalConns() < lowerThreshold) {
        overloaded = false;
      }
    } else if (upperThreshold != 0) {
      if ((long) totalConns() * 4 < (long) upperThreshold * 3) {
        overloaded = false;
      }
    } else {
      overloaded = false;
    }
  }

  /** A connection moved between the active and inactive classes. */
  void moveConnection(boolean nowActive) {
    if (nowActive) {
      inactiveConns--;
      activeConns++;
    } else {
      activeConns--;
      inactiveConns++;
    }
  }

  @Override
  public String toString() {
    return address.toString();
  }
}
