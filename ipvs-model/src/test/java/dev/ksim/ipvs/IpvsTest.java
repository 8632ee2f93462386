package dev.ksim.ipvs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.net.IpFamily;
import dev.ksim.net.IpPort;
import dev.ksim.net.Packet;
import dev.ksim.net.Protocol;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.netfilter.hook.Hook;
import dev.ksim.netfilter.hook.HookResult;
import dev.ksim.netfilter.hook.HookVerdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The connection table, persistence and counters as ip_vs_core.c, ip_vs_conn.c and
 * ip_vs_proto_tcp.c keep them.
 */
class IpvsTest {
  private final long[] now = {0};
  private final Ipvs ipvs = new Ipvs(() -> 3, () -> now[0]);
  private IpvsSysctls sysctls = IpvsSysctls.DEFAULTS;
  private static final ServiceKey WEB = ServiceKey.of(Protocol.TCP, ip("10.96.0.20:80"));

  private static IpPort ip(String text) {
    return IpPort.tryParse(text).orElseThrow();
  }

  private void web(String scheduler, ServiceFlags flags, String... servers) {
    ipvs.addService(WEB, scheduler, flags);
    for (String server : servers) {
      ipvs.addDestination(WEB, Destination.masq(ip(server)));
    }
  }

  private HookResult send(Packet packet) {
    return ipvs.request(Hook.INPUT, packet, sysctls, a -> false, Recording.MATCHED);
  }

  private HookResult syn(String client) {
    return send(Packet.first(Protocol.TCP, ip(client), WEB.ipPort()));
  }

  private static String chosen(HookResult result) {
    Scheduling record = (Scheduling) result.record();
    assertThat(record).isNotNull();
    return String.valueOf(record.realServer());
  }

  private static ServiceFlags persistent(int seconds, int bits) {
    return new ServiceFlags(true, seconds, bits, false, 0);
  }

  @Test
  void aClientSticksToItsServerWhileTheTemplateLivesThenIsFree() {
    web("rr", persistent(300, 32), "10.244.1.1:80", "10.244.2.2:80");
    HookResult first = syn("192.168.80.1:40000");
    assertThat(chosen(first)).isEqualTo("10.244.2.2:80");
    assertThat(((Scheduling) first.record()).lines())
        .contains(
            "persistence template for 192.168.80.1 -> 10.244.2.2:80 created (expires in 300 s)");
    now[0] = 100_000;
    HookResult second = syn("192.168.80.1:40001");
    assertThat(chosen(second)).isEqualTo("10.244.2.2:80");
    assertThat(((Scheduling) second.record()).decidedBy()).isEqualTo(Scheduling.DecidedBy.TEMPLATE);
    assertThat(((Scheduling) second.record()).lines())
        .contains(
            "persistence template for 192.168.80.1 -> 10.244.2.2:80 reused (expires in 200 s;"
                + " re-armed for 300 s)");
    // another client goes on with rr
    assertThat(chosen(syn("192.168.80.2:40000"))).isEqualTo("10.244.1.1:80");
    // the connections end (SYN_RECV lasts 60 s); 300 s after its last use the template goes
    now[0] = 100_000 + 300_000;
    assertThat(ipvs.connections().entries()).isEmpty();
    assertThat(chosen(syn("192.168.80.1:40002"))).isEqualTo("10.244.2.2:80");
    assertThat(((Scheduling) syn("192.168.80.1:40003").record()).decidedBy())
        .isEqualTo(Scheduling.DecidedBy.TEMPLATE);
  }

  @Test
  void theNetmaskGroupsClients() {
    web("rr", persistent(300, 24), "10.244.1.1:80", "10.244.2.2:80");
    assertThat(chosen(syn("192.168.80.1:40000"))).isEqualTo("10.244.2.2:80");
    assertThat(chosen(syn("192.168.80.77:40000"))).isEqualTo("10.244.2.2:80");
    assertThat(chosen(syn("192.168.81.1:40000"))).isEqualTo("10.244.1.1:80");
    assertThat(ipvs.connections().entries().stream().filter(IpvsConnection::isTemplate))
        .extracting(c -> c.client().toString())
        .containsExactly("192.168.80.0:0", "192.168.81.0:0");
  }

  @Test
  void aTemplateWithLiveConnectionsIsKeptSixtySecondsMore() {
    web("rr", persistent(10, 32), "10.244.1.1:80");
    syn("192.168.80.1:40000");
    IpvsConnection template =
        ipvs.connections().entries().stream()
            .filter(IpvsConnection::isTemplate)
            .findFirst()
            .orElseThrow();
    now[0] = 10_000;
    // the connection (SYN_RECV, 60 s) still lives: the template is re-armed for 60 s
    assertThat(ipvs.connections().entries()).contains(template);
    assertThat(template.expiresAt()).isEqualTo(70_000);
    now[0] = 70_000;
    assertThat(ipvs.connections().entries()).isEmpty();
  }

  @Test
  void aQuiescentServersTemplateIsDroppedWithExpireQuiescentTemplate() {
    web("rr", persistent(300, 32), "10.244.1.1:80", "10.244.2.2:80");
    assertThat(chosen(syn("192.168.80.1:40000"))).isEqualTo("10.244.2.2:80");
    ipvs.editDestination(WEB, new Destination(ip("10.244.2.2:80"), ForwardMethod.MASQ, 0, 0, 0));
    // by default the template still sends the client to the quiescent server
    assertThat(chosen(syn("192.168.80.1:40001"))).isEqualTo("10.244.2.2:80");
    sysctls = new IpvsSysctls(false, false, true, 1);
    HookResult moved = syn("192.168.80.1:40002");
    assertThat(chosen(moved)).isEqualTo("10.244.1.1:80");
    assertThat(((Scheduling) moved.record()).lines())
        .contains(
            "persistence template for 192.168.80.1 -> 10.244.2.2:80 no longer applies (its real"
                + " server is quiescent, expire_quiescent_template=1)");
  }

  @Test
  void tcpStatesMoveTheActiveAndInactiveCounts() {
    web("rr", ServiceFlags.none(IpFamily.IPV4), "10.244.1.1:80");
    Packet synPacket = Packet.first(Protocol.TCP, ip("192.168.80.1:40000"), WEB.ipPort());
    send(synPacket);
    RealServer server = ipvs.service(WEB).orElseThrow().destinations().get(0);
    IpvsConnection connection = ipvs.connections().entries().get(0);
    assertThat(connection.stateName()).isEqualTo("SYN_RECV");
    assertThat(server.activeConns()).isEqualTo(1);
    assertThat(connection.expiresAt()).isEqualTo(60_000);
    // the real server answers (OUTPUT), the client acks: ESTABLISHED, 900 s
    ipvs.reply(
        Hook.FORWARD,
        Packet.first(Protocol.TCP, ip("10.244.1.1:80"), ip("192.168.80.1:40000"))
            .withTcpFlags(Packet.SYN | Packet.ACK),
        Recording.NONE);
    send(synPacket.withTcpFlags(Packet.ACK));
    assertThat(connection.stateName()).isEqualTo("ESTABLISHED");
    assertThat(connection.expiresAt()).isEqualTo(900_000);
    send(synPacket.withTcpFlags(Packet.FIN | Packet.ACK));
    assertThat(connection.stateName()).isEqualTo("CLOSE_WAIT");
    assertThat(server.activeConns()).isZero();
    assertThat(server.inactiveConns()).isEqualTo(1);
    now[0] = 60_000;
    assertThat(ipvs.connections().entries()).isEmpty();
    assertThat(server.inactiveConns()).isZero();
  }

  @Test
  void setChangesEstablishedFinWaitAndUdpTimeouts() {
    ipvs.timeouts().set(3600, 0, 60);
    assertThat(ipvs.timeouts().tcp(IpvsTcpState.ESTABLISHED)).isEqualTo(3600);
    assertThat(ipvs.timeouts().tcp(IpvsTcpState.FIN_WAIT)).isEqualTo(120);
    ServiceKey dns = ServiceKey.of(Protocol.UDP, ip("10.96.0.10:53"));
    ipvs.addService(dns, "rr", ServiceFlags.none(IpFamily.IPV4));
    ipvs.addDestination(dns, Destination.masq(ip("10.244.0.2:53")));
    send(Packet.first(Protocol.UDP, ip("10.244.0.5:5353"), dns.ipPort()));
    IpvsConnection udp = ipvs.connections().entries().get(0);
    assertThat(udp.stateName()).isEqualTo("UDP");
    assertThat(udp.expiresAt()).isEqualTo(60_000);
    assertThat(udp.server().inactiveConns()).isEqualTo(1);
  }

  @Test
  void statsCountConnectionsPacketsAndBytesAndEstimateRates() {
    web("rr", ServiceFlags.none(IpFamily.IPV4), "10.244.1.1:80");
    for (int i = 0; i < 10; i++) {
      syn("192.168.80.1:" + (40000 + i));
    }
    IpvsStats stats = ipvs.service(WEB).orElseThrow().stats();
    assertThat(stats.conns()).isEqualTo(10);
    assertThat(stats.inPackets()).isEqualTo(10);
    assertThat(stats.inBytes()).isEqualTo(600);
    stats.estimate(2_000);
    // 10 connections in 2 s: (10 << 9) >> 2 = 1280 -> (1280 + 511) >> 10 = 1 cps after one tick
    assertThat(stats.cps()).isEqualTo(1);
    assertThat(stats.inBps()).isEqualTo(((600 << 4) / 4 + 15) >> 5);
    ipvs.zero(null);
    assertThat(stats.conns()).isZero();
    assertThat(stats.cps()).isZero();
  }

  @Test
  void aRemovedServersConnectionExpiresWithExpireNodestConnElseItsPacketsDrop() {
    web("rr", ServiceFlags.none(IpFamily.IPV4), "10.244.1.1:80", "10.244.2.2:80");
    Packet packet = Packet.first(Protocol.TCP, ip("192.168.80.1:40000"), WEB.ipPort());
    assertThat(chosen(send(packet))).isEqualTo("10.244.2.2:80");
    ipvs.deleteDestination(WEB, ip("10.244.2.2:80"));
    assertThat(send(packet.withTcpFlags(Packet.ACK)).verdict()).isEqualTo(HookVerdict.DROP);
    sysctls = new IpvsSysctls(true, true, true, 0);
    HookResult rescheduled = send(packet);
    assertThat(chosen(rescheduled)).isEqualTo("10.244.1.1:80");
    assertThat(((Scheduling) rescheduled.record()).lines().get(0))
        .isEqualTo(
            "connection entry to 10.244.2.2:80 expired: its real server was removed"
                + " (expire_nodest_conn=1)");
  }

  @Test
  void aSynOnAConnectionInTimeWaitIsScheduledAnewWithConnReuseMode() {
    web("rr", ServiceFlags.none(IpFamily.IPV4), "10.244.1.1:80", "10.244.2.2:80");
    Packet packet = Packet.first(Protocol.TCP, ip("192.168.80.1:40000"), WEB.ipPort());
    send(packet);
    send(packet.withTcpFlags(Packet.FIN));
    send(packet.withTcpFlags(Packet.FIN));
    IpvsConnection old = ipvs.connections().entries().get(0);
    assertThat(old.stateName()).isEqualTo("TIME_WAIT");
    assertThat(chosen(send(packet))).isEqualTo("10.244.1.1:80");
    sysctls = new IpvsSysctls(false, false, false, 0);
    send(packet.withTcpFlags(Packet.FIN));
    send(packet.withTcpFlags(Packet.FIN));
    HookResult reused = send(packet);
    assertThat(((Scheduling) reused.record()).decidedBy())
        .isEqualTo(Scheduling.DecidedBy.CONNECTION);
  }

  @Test
  void noUsableServerRejectsWithIcmpPortUnreachable() {
    web("rr", ServiceFlags.none(IpFamily.IPV4));
    HookResult result = syn("192.168.80.1:40000");
    assertThat(result.verdict()).isEqualTo(HookVerdict.REJECT);
    assertThat(((Scheduling) result.record()).lines())
        .containsExactly(
            "virtual service TCP 10.96.0.20:80 matched (rr)",
            "rr: no destination available",
            "no real server available: dropped, ICMP port unreachable sent");
  }

  @Test
  void aPacketForNoVirtualServiceIsNotIpvssBusiness() {
    web("rr", ServiceFlags.none(IpFamily.IPV4), "10.244.1.1:80");
    HookResult result =
        send(Packet.first(Protocol.TCP, ip("192.168.80.1:40000"), ip("10.96.0.21:80")));
    assertThat(result.verdict()).isEqualTo(HookVerdict.ACCEPT);
    assertThat(result.record()).isNull();
    assertThat(result.translation()).isNull();
  }

  @Test
  void mhKeepsAQuiescentServersEntriesAndFallsBack() {
    ipvs.addService(WEB, "mh", new ServiceFlags(false, 0, 32, false, ServiceFlags.SCHED_FLAG_1));
    for (String s : List.of("10.244.3.5:80", "10.244.2.4:80", "10.244.1.3:80")) {
      ipvs.addDestination(
          WEB, new Destination(ip(s), ForwardMethod.MASQ, s.contains(".2.") ? 2 : 1, 0, 0));
    }
    // list order 10.244.1.3, 10.244.2.4, 10.244.3.5 as in HashingSchedulersTest: 192.168.80.1 ->
    // .2.4
    assertThat(chosen(syn("192.168.80.1:40000"))).isEqualTo("10.244.2.4:80");
    ipvs.editDestination(WEB, new Destination(ip("10.244.2.4:80"), ForwardMethod.MASQ, 0, 0, 0));
    assertThat(chosen(syn("10.0.0.7:40000"))).isEqualTo("10.244.1.3:80");
    assertThat(chosen(syn("192.168.80.1:40001"))).isNotEqualTo("10.244.2.4:80");
  }
}
