package dev.ksim.bench;

import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.net.IpPort;
import dev.ksim.net.Packet;
import dev.ksim.net.Protocol;
import dev.ksim.netfilter.Hook;
import dev.ksim.netfilter.Netfilter;
import dev.ksim.netfilter.PacketInFlight;
import dev.ksim.netfilter.eval.HookTraversal;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.netfilter.table.Ruleset;
import dev.ksim.netfilter.text.IptablesRestoreParser;
import dev.ksim.netfilter.text.RuleEnvironment;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The kernel model's per-packet cost: the first packet of a connection to the last of {@code rules}
 * nat rules (every rule is evaluated; issue 3's target is at most 25 ns per rule), and a packet of
 * an established connection (one conntrack lookup, the nat table skipped; target under 300 ns).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class NetfilterBenchmark {
  @Param({"100000"})
  public int rules;

  private Netfilter kernel = new Netfilter(() -> 0, () -> 0L);
  private Packet lastService = packet(0);
  private Packet established = packet(0);

  private static Packet packet(int service) {
    IpAddress ip = IpAddress.parse("10.96.0.0").plus(service);
    return Packet.first(
            Protocol.TCP, new IpPort(IpAddress.parse("203.0.113.9"), 40000), new IpPort(ip, 80))
        .withInterfaces("eth0", "");
  }

  @Setup(Level.Trial)
  public void setUp() {
    StringBuilder text =
        new StringBuilder(
            "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n:KUBE-SERVICES - [0:0]\n");
    text.append("-A PREROUTING -j KUBE-SERVICES\n");
    for (int i = 1; i <= rules; i++) {
      IpAddress ip = IpAddress.parse("10.96.0.0").plus(i);
      IpAddress pod = IpAddress.parse("10.244.0.0").plus(i);
      text.append("-A KUBE-SERVICES -d ")
          .append(ip)
          .append("/32 -p tcp -m tcp --dport 80 -j DNAT --to-destination ")
          .append(pod)
          .append(":80\n");
    }
    text.append("COMMIT\n");
    SplittableRandom random = new SplittableRandom(1);
    kernel = new Netfilter(random::nextInt, () -> 0L);
    kernel.addAddress(
        "eth0", dev.ksim.net.InterfaceAddress.tryParse("192.168.80.101/24").orElseThrow());
    Ruleset ruleset =
        new IptablesRestoreParser("bench", RuleEnvironment.PERMISSIVE, false)
            .parse(text.toString(), Ruleset.EMPTY);
    kernel.setRuleset(IpFamily.IPV4, ruleset);
    lastService = packet(rules);
    established = packet(1).withSource(IpAddress.parse("203.0.113.10"), 41000);
    PacketInFlight first = new PacketInFlight(established);
    kernel.hook(Hook.PREROUTING, first, Recording.NONE);
    kernel.confirm(first);
  }

  /** A new connection to the last Service: PREROUTING walks every rule, then DNATs. */
  @Benchmark
  public HookTraversal firstPacketToLastService() {
    return kernel.hook(Hook.PREROUTING, new PacketInFlight(lastService), Recording.NONE);
  }

  /** A packet of a known connection: conntrack finds it and applies its DNAT. */
  @Benchmark
  public HookTraversal establishedPacket() {
    return kernel.hook(Hook.PREROUTING, new PacketInFlight(established), Recording.NONE);
  }
}
