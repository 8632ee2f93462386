package dev.ksim.bench;

import dev.ksim.net.InterfaceAddress;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.net.IpPort;
import dev.ksim.net.Packet;
import dev.ksim.net.Protocol;
import dev.ksim.netfilter.Netfilter;
import dev.ksim.netfilter.PacketInFlight;
import dev.ksim.netfilter.eval.HookTraversal;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.netfilter.hook.Hook;
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
 * nat rules, and a packet of an established connection (one conntrack lookup, the nat table
 * skipped; target under 300 ns). Every rule counts as evaluated in both shapes. With {@code shape}
 * {@code destinations} the rules are KUBE-SERVICES' {@code -d HOST/32 ...}, which the walker skips
 * by destination (issue 16's target: under 5 us to the last of 50,000 Services); with {@code
 * sources} they are {@code -s HOST/32 ...}, and with {@code ports} KUBE-NODEPORTS' {@code -p tcp -m
 * comment ... -m tcp --dport PORT ...} (none to the packet's port but the last), walked one by one,
 * so the time over {@code rules} is the per-rule cost of a linear walk (issue 16's target: at most
 * 15 ns).
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

  @Param({"destinations", "sources", "ports"})
  public String shape = "destinations";

  private Netfilter kernel = new Netfilter(() -> 0, () -> 0L);
  private Packet lastService =
      Packet.first(Protocol.TCP, new IpPort(ip("192.0.2.1"), 1), new IpPort(ip("192.0.2.2"), 2));
  private Packet established = lastService;

  private Packet packet(int service) {
    IpAddress ip = IpAddress.parse("10.96.0.0").plus(service);
    IpAddress client =
        shape.equals("sources") ? IpAddress.parse("10.128.0.0").plus(service) : ip("203.0.113.9");
    IpAddress destination = shape.equals("destinations") ? ip : ip("10.96.0.1");
    return Packet.first(Protocol.TCP, new IpPort(client, 40000), new IpPort(destination, 80))
        .withInterfaces("eth0", "");
  }

  private static IpAddress ip(String text) {
    return IpAddress.parse(text);
  }

  /**
   * Rule {@code i}'s matches: to {@code ip}, from {@code client}, or to a port (a NodePort rule)
   * that is 80 for the last rule only.
   */
  private String rule(int i, IpAddress ip, IpAddress client) {
    return switch (shape) {
      case "sources" -> "-A KUBE-SERVICES -s " + client + "/32 -p tcp -m tcp --dport 80";
      case "ports" ->
          "-A KUBE-SERVICES -p tcp -m comment --comment \"default/s"
              + i
              + ":http\" -m tcp --dport "
              + (i == rules ? 80 : 1000 + i % 50_000);
      default -> "-A KUBE-SERVICES -d " + ip + "/32 -p tcp -m tcp --dport 80";
    };
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
      IpAddress client = IpAddress.parse("10.128.0.0").plus(i);
      text.append(rule(i, ip, client)).append(" -j DNAT --to-destination ").append(pod);
      text.append(":80\n");
    }
    text.append("COMMIT\n");
    SplittableRandom random = new SplittableRandom(1);
    kernel = new Netfilter(random::nextInt, () -> 0L);
    kernel.addAddress("eth0", InterfaceAddress.tryParse("192.168.80.101/24").orElseThrow());
    Ruleset ruleset =
        new IptablesRestoreParser("bench", RuleEnvironment.PERMISSIVE, false)
            .parse(text.toString(), Ruleset.EMPTY);
    kernel.setRuleset(IpFamily.IPV4, ruleset);
    lastService = packet(rules);
    established = packet(1).withSource(packet(1).source(), 41000);
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
