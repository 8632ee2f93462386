package dev.ksim.netfilter.host;

import dev.ksim.net.Cidr;
import dev.ksim.net.InterfaceAddress;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpPort;
import dev.ksim.net.Packet;
import dev.ksim.netfilter.Hook;
import dev.ksim.netfilter.HookVerdict;
import dev.ksim.netfilter.Netfilter;
import dev.ksim.netfilter.PacketInFlight;
import dev.ksim.netfilter.Translation;
import dev.ksim.netfilter.conntrack.ConntrackEntry;
import dev.ksim.netfilter.eval.HookTraversal;
import dev.ksim.netfilter.eval.Recording;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One host with one uplink: {@code eth0} carries its addresses and the default route, {@code lo}
 * has 127.0.0.1/8, IP forwarding is on. A packet whose source is one of the host's addresses is
 * generated locally (OUTPUT, then POSTROUTING); any other arrives on {@code eth0} (PREROUTING, then
 * INPUT or FORWARD and POSTROUTING). As in the kernel, a packet routed to 127.0.0.0/8 from outside
 * is a martian unless {@code net.ipv4.conf.all.route_localnet=1}.
 */
public final class Host {
  public static final String UPLINK = "eth0";

  private final Netfilter kernel;
  private final Recording recording;

  public Host(Netfilter kernel, List<InterfaceAddress> addresses) {
    this(kernel, addresses, Recording.MATCHED);
  }

  /** A host that records {@code recording} of each evaluation. */
  public Host(Netfilter kernel, List<InterfaceAddress> addresses, Recording recording) {
    this.kernel = kernel;
    this.recording = recording;
    addresses.forEach(a -> kernel.addAddress(UPLINK, a));
  }

  public Netfilter kernel() {
    return kernel;
  }

  private static final Cidr LOOPBACK = Cidr.parse("127.0.0.0/8");

  /** Sends one packet into the host and follows it to its end. */
  public HostJourney send(Packet packet) {
    List<HostEvent> events = new ArrayList<>();
    boolean local = kernel.isLocal(packet.source());
    String inIface = local ? "" : UPLINK;
    Packet entering = packet.withInterfaces(inIface, "");
    events.add(new HostEvent.Entered(entering, inIface));
    Set<IpPort> candidates = kernel.dnatCandidates(local ? Hook.OUTPUT : Hook.PREROUTING, entering);
    PacketInFlight flight = new PacketInFlight(entering);
    HostJourney.Outcome outcome = local ? fromLocal(flight, events) : fromOutside(flight, events);
    return new HostJourney(
        packet, outcome, events, endpoint(flight), candidates, flight.isMasqueraded());
  }

  private static @Nullable IpPort endpoint(PacketInFlight flight) {
    return flight.translations().stream()
        .filter(t -> t.kind() == Translation.Kind.DNAT)
        .map(Translation::after)
        .findFirst()
        .orElse(null);
  }

  private HostJourney.Outcome fromLocal(PacketInFlight flight, List<HostEvent> events) {
    String out = routeOut(flight.packet().destination());
    flight.setPacket(flight.packet().withInterfaces("", out));
    HostJourney.Outcome stop = hook(Hook.OUTPUT, flight, events);
    if (stop != null) {
      return stop;
    }
    out = routeOut(flight.packet().destination());
    flight.setPacket(flight.packet().withInterfaces("", out));
    if (!out.equals("lo") && isLoopback(flight.packet().source()) && !routeLocalnet()) {
      // ip_route_me_harder refuses a loopback source out of a real interface
      events.add(
          new HostEvent.Discarded(
              "rerouting a "
                  + flight.packet().source()
                  + " source out of "
                  + out
                  + " needs net.ipv4.conf.all.route_localnet=1"));
      return HostJourney.Outcome.DISCARDED;
    }
    events.add(new HostEvent.Routed(out.equals("lo") ? "local" : "default route", out));
    stop = hook(Hook.POSTROUTING, flight, events);
    if (stop != null) {
      return stop;
    }
    if (!out.equals("lo")) {
      events.add(new HostEvent.Left(out));
      return HostJourney.Outcome.FORWARDED;
    }
    flight.setPacket(flight.packet().withInterfaces("lo", ""));
    stop = hook(Hook.PREROUTING, flight, events);
    if (stop != null) {
      return stop;
    }
    stop = hook(Hook.INPUT, flight, events);
    if (stop != null) {
      return stop;
    }
    events.add(new HostEvent.Delivered(flight.packet()));
    return HostJourney.Outcome.DELIVERED_LOCALLY;
  }

  private HostJourney.Outcome fromOutside(PacketInFlight flight, List<HostEvent> events) {
    if (isLoopback(flight.packet().source())) {
      events.add(
          new HostEvent.Discarded("martian source " + flight.packet().source() + " on " + UPLINK));
      return HostJourney.Outcome.DISCARDED;
    }
    HostJourney.Outcome stop = hook(Hook.PREROUTING, flight, events);
    if (stop != null) {
      return stop;
    }
    IpAddress destination = flight.packet().destination();
    if (kernel.isLocal(destination)) {
      if (isLoopback(destination) && !routeLocalnet()) {
        events.add(
            new HostEvent.Discarded(
                "martian destination "
                    + destination
                    + " from "
                    + UPLINK
                    + " (net.ipv4.conf.all.route_localnet=0)"));
        return HostJourney.Outcome.DISCARDED;
      }
      events.add(new HostEvent.Routed("local", "lo"));
      stop = hook(Hook.INPUT, flight, events);
      if (stop != null) {
        return stop;
      }
      events.add(new HostEvent.Delivered(flight.packet()));
      return HostJourney.Outcome.DELIVERED_LOCALLY;
    }
    flight.setPacket(flight.packet().withInterfaces(UPLINK, UPLINK));
    events.add(new HostEvent.Routed("default route (forwarding)", UPLINK));
    stop = hook(Hook.FORWARD, flight, events);
    if (stop != null) {
      return stop;
    }
    stop = hook(Hook.POSTROUTING, flight, events);
    if (stop != null) {
      return stop;
    }
    events.add(new HostEvent.Left(UPLINK));
    return HostJourney.Outcome.FORWARDED;
  }

  private static boolean isLoopback(IpAddress address) {
    return address.isV4() && LOOPBACK.contains(address);
  }

  private boolean routeLocalnet() {
    return "1".equals(kernel.sysctl("net.ipv4.conf.all.route_localnet").orElse("0"));
  }

  private String routeOut(IpAddress destination) {
    return kernel.isLocal(destination) ? "lo" : UPLINK;
  }

  /** Runs a hook; the outcome when the packet stops there, null when it goes on. */
  private HostJourney.@Nullable Outcome hook(
      Hook hook, PacketInFlight flight, List<HostEvent> events) {
    boolean trackedBefore = flight.isTracked();
    int translationsBefore = flight.translations().size();
    HookTraversal traversal = kernel.hook(hook, flight, recording);
    if (!trackedBefore && flight.isTracked()) {
      ConntrackEntry entry = flight.entry();
      if (entry != null) {
        events.add(new HostEvent.Tracked(entry, flight.isUnconfirmed(), flight.state().name()));
      }
    }
    events.add(new HostEvent.Hooked(traversal));
    List<Translation> translations = flight.translations();
    for (int i = translationsBefore; i < translations.size(); i++) {
      events.add(new HostEvent.Translated(translations.get(i)));
    }
    if (traversal.verdict() == HookVerdict.DROP) {
      return HostJourney.Outcome.DROPPED;
    }
    if (traversal.verdict() == HookVerdict.REJECT) {
      return HostJourney.Outcome.REJECTED;
    }
    return null;
  }
}
