package dev.ksim.bench;

import dev.ksim.net.InterfaceAddress;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpPort;
import dev.ksim.net.Packet;
import dev.ksim.net.Protocol;
import dev.ksim.netfilter.Netfilter;
import dev.ksim.netfilter.PacketInFlight;
import dev.ksim.netfilter.eval.HookTraversal;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.netfilter.hook.Hook;
import dev.ksim.netfilter.nft.NftRuleset;
import dev.ksim.netfilter.nft.text.NftScriptParser;
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
 * nftables mode's cost per packet (issue 14): the first packet of a connection to the last of
 * {@code services} Services through a kube-proxy-shaped {@code ip kube-proxy} table (the nat
 * prerouting base chain, {@code services}' lookup in the {@code service-ips} verdict map, the
 * Service chain's {@code numgen random mod 2 vmap}, the endpoint chain's DNAT). Flat in the number
 * of Services: one map lookup, unlike iptables mode's walk down KUBE-SERVICES. The table is the
 * shape of the kernel oracle's gen_kp.py {@code --format nft} (reference/kernel-oracle.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class NftablesBenchmark {
  @Param({"100", "1000", "10000", "50000"})
  public int services;

  private Netfilter kernel = new Netfilter(() -> 0, () -> 0L);
  private Packet lastService =
      Packet.first(
          Protocol.TCP,
          new IpPort(IpAddress.parse("192.0.2.1"), 1),
          new IpPort(IpAddress.parse("192.0.2.2"), 2));

  @Setup(Level.Trial)
  public void setUp() {
    StringBuilder text = new StringBuilder();
    text.append("table ip kube-proxy {\n")
        .append("  chain mark-for-masquerade { meta mark set meta mark or 0x4000; }\n")
        .append("  chain services { ip daddr . meta l4proto . th dport vmap @service-ips; }\n")
        .append("  chain nat-prerouting {\n")
        .append("    type nat hook prerouting priority dstnat; policy accept;\n")
        .append("    jump services\n  }\n")
        .append("  map service-ips { type ipv4_addr . inet_proto . inet_service : verdict; }\n")
        .append("}\n");
    StringBuilder elements = new StringBuilder();
    for (int i = 1; i <= services; i++) {
      IpAddress vip = IpAddress.parse("10.96.0.0").plus(i);
      String service = "service-" + i;
      String[] endpoints = {"endpoint-" + i + "-a", "endpoint-" + i + "-b"};
      for (int e = 0; e < endpoints.length; e++) {
        IpAddress pod = IpAddress.parse("10.244.0.0").plus(2 * i + e);
        text.append("add chain ip kube-proxy ")
            .append(endpoints[e])
            .append("\nadd rule ip kube-proxy ")
            .append(endpoints[e])
            .append(" ip saddr ")
            .append(pod)
            .append(" jump mark-for-masquerade\nadd rule ip kube-proxy ")
            .append(endpoints[e])
            .append(" meta l4proto tcp dnat to ")
            .append(pod)
            .append(":8080\n");
      }
      text.append("add chain ip kube-proxy ")
          .append(service)
          .append("\nadd rule ip kube-proxy ")
          .append(service)
          .append(" numgen random mod 2 vmap { 0 : goto ")
          .append(endpoints[0])
          .append(", 1 : goto ")
          .append(endpoints[1])
          .append(" }\n");
      elements.append(elements.length() == 0 ? "" : ", ");
      elements.append(vip).append(" . tcp . 80 : goto ").append(service);
    }
    text.append("add element ip kube-proxy service-ips { ").append(elements).append(" }\n");
    NftRuleset ruleset = NftScriptParser.apply(NftRuleset.EMPTY, "bench.nft", text.toString());
    SplittableRandom random = new SplittableRandom(1);
    kernel = new Netfilter(random::nextInt, () -> 0L);
    kernel.addAddress("eth0", InterfaceAddress.tryParse("192.168.80.101/24").orElseThrow());
    kernel.setNftables(ruleset);
    lastService =
        Packet.first(
                Protocol.TCP,
                new IpPort(IpAddress.parse("203.0.113.9"), 40000),
                new IpPort(IpAddress.parse("10.96.0.0").plus(services), 80))
            .withInterfaces("eth0", "");
  }

  /** A new connection to the last Service: one verdict-map lookup, numgen, DNAT. */
  @Benchmark
  public HookTraversal firstPacketToLastService() {
    return kernel.hook(Hook.PREROUTING, new PacketInFlight(lastService), Recording.NONE);
  }
}
