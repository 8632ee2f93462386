package dev.ksim.ipvs.text;

/**
 * The options ipvsadm checks against its commands, in the order of its {@code optnames} table, with
 * the names its messages use.
 */
public enum IpvsadmOption {
  NUMERIC("numeric"),
  CONNECTION("connection"),
  SERVICE("service-address"),
  SCHEDULER("scheduler"),
  PERSISTENT("persistent"),
  NETMASK("netmask"),
  SERVER("real-server"),
  FORWARD("forwarding-method"),
  WEIGHT("weight"),
  UPPER_THRESHOLD("u-threshold"),
  LOWER_THRESHOLD("l-threshold"),
  MCAST_INTERFACE("mcast-interface"),
  TIMEOUT("timeout"),
  DAEMON("daemon"),
  STATS("stats"),
  RATE("rate"),
  THRESHOLDS("thresholds"),
  PERSISTENT_CONN("persistent-conn"),
  NOSORT("nosort"),
  SYNCID("syncid"),
  EXACT("exact"),
  ONE_PACKET("ops"),
  PERSISTENCE_ENGINE("pe"),
  SCHED_FLAGS("sched-flags");

  private final String token;

  IpvsadmOption(String token) {
    this.token = token;
  }

  public String token() {
    return token;
  }
}
