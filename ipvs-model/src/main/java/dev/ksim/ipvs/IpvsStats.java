package dev.ksim.ipvs;

/**
 * Counters of a virtual service or real server (connections, packets and bytes in each direction)
 * and the kernel's rate estimator: every two seconds of simulated time each rate moves a quarter of
 * the way to the rate of the last two seconds, kept in fixed point (connections and packets scaled
 * by 2^10, bytes by 2^5).
 *
 * @see <a
 *     href="https://github.com/torvalds/linux/blob/master/net/netfilter/ipvs/ip_vs_est.c">ip_vs_est.c
 *     (ip_vs_chain_estimation, ip_vs_read_estimator)</a>
 */
public final class IpvsStats {
  /** The estimator's period ({@code IPVS_EST_TICK}, 2 s). */
  static final long TICK_MILLIS = 2_000;

  private long conns;
  private long inPackets;
  private long outPackets;
  private long inBytes;
  private long outBytes;

  private long lastConns;
  private long lastInPackets;
  private long lastOutPackets;
  private long lastInBytes;
  private long lastOutBytes;
  private long cps;
  private long inPps;
  private long outPps;
  private long inBps;
  private long outBps;
  private long lastTick;

  /** Counters that start estimating at {@code now}. */
  public IpvsStats(long now) {
    this.lastTick = now;
  }

  void countConnection() {
    conns++;
  }

  void countIn(int bytes) {
    inPackets++;
    inBytes += bytes;
  }

  void countOut(int bytes) {
    outPackets++;
    outBytes += bytes;
  }

  /** Runs the estimator for every whole period up to {@code now}. */
  public void estimate(long now) {
    while (now - lastTick >= TICK_MILLIS) {
      lastTick += TICK_MILLIS;
      cps += (((conns - lastConns) << 9) - cps) >> 2;
      lastConns = conns;
      inPps += (((inPackets - lastInPackets) << 9) - inPps) >> 2;
      lastInPackets = inPackets;
      outPps += (((outPackets - lastOutPackets) << 9) - outPps) >> 2;
      lastOutPackets = outPackets;
      inBps += (((inBytes - lastInBytes) << 4) - inBps) >> 2;
      lastInBytes = inBytes;
      outBps += (((outBytes - lastOutBytes) << 4) - outBps) >> 2;
      lastOutBytes = outBytes;
    }
  }

  /** Zeroes counters and rates ({@code ipvsadm -Z}: ip_vs_zero_stats). */
  void zero() {
    conns = 0;
    inPackets = 0;
    outPackets = 0;
    inBytes = 0;
    outBytes = 0;
    lastConns = 0;
    lastInPackets = 0;
    lastOutPackets = 0;
    lastInBytes = 0;
    lastOutBytes = 0;
    cps = 0;
    inPps = 0;
    outPps = 0;
    inBps = 0;
    outBps = 0;
  }

  public long conns() {
    return conns;
  }

  public long inPackets() {
    return inPackets;
  }

  public long outPackets() {
    return outPackets;
  }

  public long inBytes() {
    return inBytes;
  }

  public long outBytes() {
    return outBytes;
  }

  /** Connections per second, as the kernel reports it. */
  public long cps() {
    return (cps + 0x1FF) >> 10;
  }

  public long inPps() {
    return (inPps + 0x1FF) >> 10;
  }

  public long outPps() {
    return (outPps + 0x1FF) >> 10;
  }

  /** Bytes per second in. */
  public long inBps() {
    return (inBps + 0xF) >> 5;
  }

  public long outBps() {
    return (outBps + 0xF) >> 5;
  }
}
