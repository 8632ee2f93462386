package dev.ksim.ipvs;

import static com.google.common.base.Preconditions.checkArgument;

import dev.ksim.net.IpFamily;

/**
 * A virtual service's flags: persistence (with its timeout and netmask), one-packet scheduling and
 * the three scheduler flags ({@code IP_VS_SVC_F_SCHED1..3}: sh-fallback/mh-fallback and
 * sh-port/mh-port for the hashing schedulers).
 *
 * @param persistent whether clients stick to a real server ({@code -p})
 * @param timeoutSeconds the persistence timeout
 * @param netmaskBits the persistence granularity as a prefix length ({@code -M})
 * @param onePacket one-packet scheduling for UDP ({@code -o})
 * @param schedulerFlags bit 0 = flag-1, bit 1 = flag-2, bit 2 = flag-3
 * @see <a
 *     href="https://github.com/torvalds/linux/blob/master/include/uapi/linux/ip_vs.h">include/uapi/linux/ip_vs.h</a>
 */
public record ServiceFlags(
    boolean persistent,
    int timeoutSeconds,
    int netmaskBits,
    boolean onePacket,
    int schedulerFlags) {
  /** The persistence timeout ipvsadm uses when {@code -p} has no value. */
  public static final int DEFAULT_PERSISTENCE_TIMEOUT = 300;

  /** flag-1: sh-fallback / mh-fallback. */
  public static final int SCHED_FLAG_1 = 1;

  /** flag-2: sh-port / mh-port. */
  public static final int SCHED_FLAG_2 = 2;

  /** flag-3. */
  public static final int SCHED_FLAG_3 = 4;

  public ServiceFlags {
    checkArgument(
        timeoutSeconds >= 0, "timeoutSeconds: must not be negative, got %s", timeoutSeconds);
    checkArgument(
        netmaskBits >= 0 && netmaskBits <= 128, "netmaskBits out of range: %s", netmaskBits);
    checkArgument(
        schedulerFlags >= 0 && schedulerFlags <= 7,
        "schedulerFlags out of range: %s",
        schedulerFlags);
  }

  /** No persistence, no flags, for a service of {@code family}'s full netmask. */
  public static ServiceFlags none(IpFamily family) {
    return new ServiceFlags(false, 0, family.bits(), false, 0);
  }

  public boolean has(int schedulerFlag) {
    return (schedulerFlags & schedulerFlag) != 0;
  }
}
