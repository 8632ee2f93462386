package dev.ksim.ipvs;

import dev.ksim.ipvs.scheduler.Scheduler;
import dev.ksim.net.IpPort;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A virtual service (the kernel's {@code struct ip_vs_service}): its key, scheduler, flags,
 * counters and real servers, kept in the kernel's list order (a new real server goes to the head).
 */
public final class VirtualServer {
  private final ServiceKey key;
  private Scheduler scheduler;
  private ServiceFlags flags;
  private final List<RealServer> destinations = new ArrayList<>();
  private final List<RealServer> view = Collections.unmodifiableList(destinations);
  private final IpvsStats stats;

  VirtualServer(ServiceKey key, Scheduler scheduler, ServiceFlags flags, long now) {
    this.key = key;
    this.scheduler = scheduler;
    this.flags = flags;
    this.stats = new IpvsStats(now);
    scheduler.changed(view);
  }

  public ServiceKey key() {
    return key;
  }

  public Scheduler scheduler() {
    return scheduler;
  }

  public ServiceFlags flags() {
    return flags;
  }

  public IpvsStats stats() {
    return stats;
  }

  /** The real servers in the kernel's list order, the most recently added first. */
  public List<RealServer> destinations() {
    return view;
  }

  public Optional<RealServer> destination(IpPort address) {
    for (RealServer server : destinations) {
      if (server.address().equals(address)) {
        return Optional.of(server);
      }
    }
    return Optional.empty();
  }

  /** {@code ipvsadm -E}: a new scheduler is bound to the current destinations. */
  void edit(Scheduler newScheduler, ServiceFlags newFlags) {
    if (!newScheduler.name().equals(scheduler.name())) {
      scheduler = newScheduler;
      scheduler.changed(view);
    }
    flags = newFlags;
  }

  void add(RealServer server) {
    destinations.add(0, server);
    scheduler.added(view, server);
  }

  void remove(RealServer server) {
    int index = destinations.indexOf(server);
    destinations.remove(index);
    server.removed();
    scheduler.removed(view, server, index);
  }

  void updated(RealServer server) {
    scheduler.updated(view, server);
  }
}
