package dev.ksim.ipvs.scheduler;

import dev.ksim.ipvs.ForwardMethod;
import dev.ksim.ipvs.RealServer;
import dev.ksim.net.IpPort;
import dev.ksim.net.Packet;
import dev.ksim.net.Protocol;
import java.util.ArrayList;
import java.util.List;

/** Real servers and packets for scheduler tests. */
final class Servers {
  private Servers() {}

  static RealServer server(String address, int weight) {
    return new RealServer(
        IpPort.tryParse(address).orElseThrow(), ForwardMethod.MASQ, weight, 0, 0, 0);
  }

  /** Gives {@code server} {@code active} active and {@code inactive} inactive connections. */
  static RealServer load(RealServer server, int active, int inactive) {
    for (int i = 0; i < active; i++) {
      server.bind(false, true);
    }
    for (int i = 0; i < inactive; i++) {
      server.bind(false, false);
    }
    return server;
  }

  static Packet syn(String source, String destination) {
    return Packet.first(
        Protocol.TCP,
        IpPort.tryParse(source).orElseThrow(),
        IpPort.tryParse(destination).orElseThrow());
  }

  static final Packet PACKET = syn("192.168.80.1:40000", "10.96.0.1:80");

  /** The addresses {@code n} schedules choose, in order. */
  static List<String> picks(Scheduler scheduler, List<RealServer> servers, int n) {
    List<String> picks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      RealServer chosen = scheduler.schedule(servers, 0, PACKET, false).server();
      picks.add(chosen == null ? "none" : chosen.address().toString());
    }
    return picks;
  }

  static Scheduler create(String name) {
    long[] seed = {1};
    return Schedulers.create(
            name,
            new SchedulerContext(
                () -> {
                  seed[0] = seed[0] * 6364136223846793005L + 1442695040888963407L;
                  return (int) (seed[0] >>> 33);
                },
                () -> 0L))
        .orElseThrow();
  }
}
