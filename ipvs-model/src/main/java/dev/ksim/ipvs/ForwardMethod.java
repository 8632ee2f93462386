package dev.ksim.ipvs;

/**
 * How IPVS hands a request to a real server ({@code IP_VS_CONN_F_FWD_MASK} of a destination's
 * connection flags), with the name {@code ipvsadm -L} prints and the switch {@code ipvsadm -S}
 * writes.
 *
 * @see <a
 *     href="https://github.com/torvalds/linux/blob/master/include/uapi/linux/ip_vs.h">include/uapi/linux/ip_vs.h</a>
 */
public enum ForwardMethod {
  /** NAT: the destination is rewritten to the real server ({@code -m}). */
  MASQ("Masq", "-m"),
  /**
   * The real server is an address of this host: the packet is delivered locally ({@code
   * IP_VS_CONN_F_LOCALNODE}; the kernel turns any method into this one for a local address).
   */
  LOCAL("Local", "-g"),
  /** IP-in-IP tunnelling to the real server ({@code -i}). */
  TUNNEL("Tunnel", "-i"),
  /** Direct routing: the packet goes to the real server's MAC unchanged ({@code -g}). */
  ROUTE("Route", "-g");

  private final String listName;
  private final String saveSwitch;

  ForwardMethod(String listName, String saveSwitch) {
    this.listName = listName;
    this.saveSwitch = saveSwitch;
  }

  /** The name in {@code ipvsadm -L}'s Forward column. */
  public String listName() {
    return listName;
  }

  /** The switch in {@code ipvsadm -S}'s output. */
  public String saveSwitch() {
    return saveSwitch;
  }
}
