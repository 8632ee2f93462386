package dev.ksim.datapath;

import dev.ksim.net.IpAddress;
import dev.ksim.net.IpPort;
import dev.ksim.sim.SimRandom;

/** The source ports a client's kernel picks for new connections: Linux's default range. */
public final class EphemeralPorts {
  /** The first port of Linux's default ephemeral range (net.ipv4.ip_local_port_range). */
  private static final int LOW = 32768;

  /** How many ports that range (32768-60999) has. */
  private static final int COUNT = 28232;

  private EphemeralPorts() {}

  /** {@code address} with a port drawn from the range. */
  public static IpPort pick(IpAddress address, SimRandom random) {
    return new IpPort(address, LOW + random.nextInt(COUNT));
  }
}
