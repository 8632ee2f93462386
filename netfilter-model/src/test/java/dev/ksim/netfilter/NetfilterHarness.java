package dev.ksim.netfilter;

import dev.ksim.net.InterfaceAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.net.IpPort;
import dev.ksim.net.Packet;
import dev.ksim.net.Protocol;
import dev.ksim.netfilter.eval.HookTraversal;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.netfilter.hook.Hook;
import dev.ksim.netfilter.host.Host;
import dev.ksim.netfilter.host.HostJourney;
import dev.ksim.netfilter.table.Ruleset;
import dev.ksim.netfilter.text.IptablesRestoreParser;
import dev.ksim.netfilter.text.RuleEnvironment;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A kernel loaded with a ruleset and a host around it, for tests: push packets in, read what
 * happened (Netty's EmbeddedChannel, for netfilter).
 */
public final class NetfilterHarness {
  private final Netfilter kernel;
  private final Host host;
  private long now;

  private NetfilterHarness(String rules, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    this.kernel = new Netfilter(random::nextInt, () -> now);
    kernel.addNfacct("localhost_nps_accepted_pkts");
    kernel.setRuleset(
        IpFamily.IPV4,
        new IptablesRestoreParser("test.rules", RuleEnvironment.PERMISSIVE, false)
            .parse(rules, Ruleset.EMPTY));
    this.host =
        new Host(kernel, List.of(InterfaceAddress.tryParse("192.168.80.101/24").orElseThrow()));
  }

  /** A host at 192.168.80.101/24 with {@code rules} (iptables-restore text). */
  public static NetfilterHarness of(String rules) {
    return new NetfilterHarness(rules, 1);
  }

  public static NetfilterHarness of(String rules, long seed) {
    return new NetfilterHarness(rules, seed);
  }

  /** A nat table with {@code body} ({@code :CHAIN} and {@code -A} lines). */
  public static String nat(String body) {
    return "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n"
        + body
        + "COMMIT\n";
  }

  /** A filter table with {@code body}. */
  public static String filter(String body) {
    return "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
        + body
        + "COMMIT\n";
  }

  public Netfilter kernel() {
    return kernel;
  }

  public Host host() {
    return host;
  }

  /** Lets simulated time pass. */
  public void advance(long millis) {
    now += millis;
  }

  /** A TCP SYN from {@code source} to {@code destination} ("ip:port"). */
  public static Packet tcp(String source, String destination) {
    return Packet.first(
        Protocol.TCP,
        IpPort.tryParse(source).orElseThrow(),
        IpPort.tryParse(destination).orElseThrow());
  }

  public static Packet udp(String source, String destination) {
    return Packet.first(
        Protocol.UDP,
        IpPort.tryParse(source).orElseThrow(),
        IpPort.tryParse(destination).orElseThrow());
  }

  /** Sends a packet through the host. */
  public HostJourney send(Packet packet) {
    return host.send(packet);
  }

  /** Runs one hook for a packet arriving on eth0. */
  public HookTraversal hook(Hook hook, Packet packet) {
    return kernel.hook(
        hook, new PacketInFlight(packet.withInterfaces("eth0", "")), Recording.MATCHED);
  }
}
