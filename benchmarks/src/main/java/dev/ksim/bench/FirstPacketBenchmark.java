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
import dev.ksim.netfilter.hook.DnatCandidates;
import dev.ksim.netfilter.hook.Hook;
import dev.ksim.netfilter.host.Host;
import dev.ksim.netfilter.host.HostJourney;
import dev.ksim.netfilter.table.Ruleset;
import dev.ksim.netfilter.text.IptablesRestoreParser;
import dev.ksim.netfilter.text.RuleEnvironment;
import dev.ksim.trace.HostTraces;
import dev.ksim.trace.Trace;
import java.util.List;
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
 * A node process's first packet to the last of {@code services} ClusterIP Services of 10 endpoints
 * each, through one kernel holding kube-proxy's nat table for them (KUBE-SERVICES with one {@code
 * -d CLUSTER-IP/32 -p tcp --dport 80} rule per Service and the trailing {@code addrtype LOCAL} jump
 * to KUBE-NODEPORTS, a KUBE-SVC- chain of {@code statistic} rules and a KUBE-SEP- chain per
 * endpoint). {@code untraced}: the OUTPUT hook alone, recording nothing (issue 16: under 5 us at
 * 50,000 Services while the counted work still says 50,000-odd rules). {@code traced}: what {@code
 * ksim netfilter}/{@code ksim trace} do on the entry node, the rules that matched recorded, the
 * candidate endpoints listed and the trace built (issue 16: at most 1 ms at 10,000 Services).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx3g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class FirstPacketBenchmark {
  private static final int ENDPOINTS = 10;

  private static final String NODEPORTS_COMMENT =
      "\"kubernetes service nodeports; NOTE: this must be the last rule in this chain\"";

  @Param({"100", "1000", "10000", "50000"})
  public int services;

  private Netfilter kernel = new Netfilter(() -> 0, () -> 0L);
  private Host host = Host.of(kernel, Recording.MATCHED, List.of());
  private Packet lastService =
      Packet.first(Protocol.TCP, new IpPort(ip("192.0.2.1"), 1), new IpPort(ip("192.0.2.2"), 2));

  private static IpAddress ip(String text) {
    return IpAddress.parse(text);
  }

  private static IpAddress serviceIp(int service) {
    return ip("10.96.0.0").plus(service);
  }

  private static IpAddress endpointIp(int service, int endpoint) {
    return ip("10.128.0.0").plus(service * ENDPOINTS + endpoint);
  }

  @Setup(Level.Trial)
  public void setUp() {
    StringBuilder declarations =
        new StringBuilder(
            """
            *nat
            :PREROUTING ACCEPT [0:0]
            :INPUT ACCEPT [0:0]
            :OUTPUT ACCEPT [0:0]
            :POSTROUTING ACCEPT [0:0]
            :KUBE-SERVICES - [0:0]
            :KUBE-NODEPORTS - [0:0]
            :KUBE-MARK-MASQ - [0:0]
            """);
    StringBuilder rules =
        new StringBuilder(
            """
            -A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
            -A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
            -A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000
            """);
    StringBuilder chains = new StringBuilder();
    for (int s = 1; s <= services; s++) {
      String svc = "KUBE-SVC-%016X".formatted(s);
      String comment = "-m comment --comment \"default/svc-%d:http cluster IP\"".formatted(s);
      declarations.append(':').append(svc).append(" - [0:0]\n");
      rules.append(
          "-A KUBE-SERVICES -d %s/32 -p tcp %s -m tcp --dport 80 -j %s\n"
              .formatted(serviceIp(s), comment, svc));
      chains.append(
          "-A %s ! -s 10.244.0.0/16 -d %s/32 -p tcp %s -m tcp --dport 80 -j KUBE-MARK-MASQ\n"
              .formatted(svc, serviceIp(s), comment));
      for (int e = 0; e < ENDPOINTS; e++) {
        String sep = "KUBE-SEP-%016X".formatted(s * 100L + e);
        String endpoint = endpointIp(s, e) + ":8080";
        String statistic =
            e == ENDPOINTS - 1
                ? ""
                : " -m statistic --mode random --probability %.11f"
                    .formatted(1.0 / (ENDPOINTS - e));
        declarations.append(':').append(sep).append(" - [0:0]\n");
        chains.append(
            "-A %s -m comment --comment \"default/svc-%d:http -> %s\"%s -j %s\n"
                .formatted(svc, s, endpoint, statistic, sep));
        chains.append(
            "-A %s -s %s/32 -m comment --comment \"default/svc-%d:http\" -j KUBE-MARK-MASQ\n"
                .formatted(sep, endpointIp(s, e), s));
        chains.append(
            "-A %s -p tcp -m comment --comment \"default/svc-%d:http\" -m tcp -j DNAT %s\n"
                .formatted(sep, s, "--to-destination " + endpoint));
      }
    }
    rules.append("-A KUBE-SERVICES -m comment --comment ").append(NODEPORTS_COMMENT);
    rules.append(" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS\n");
    SplittableRandom random = new SplittableRandom(1);
    kernel = new Netfilter(random::nextInt, () -> 0L);
    kernel.addAddress(Host.UPLINK, InterfaceAddress.tryParse("192.168.80.101/24").orElseThrow());
    kernel.setRuleset(
        IpFamily.IPV4,
        new IptablesRestoreParser("bench", RuleEnvironment.PERMISSIVE, false)
            .parse(
                declarations.append(rules).append(chains).append("COMMIT\n").toString(),
                Ruleset.EMPTY));
    host = Host.of(kernel, Recording.MATCHED, List.of());
    lastService =
        Packet.first(
            Protocol.TCP,
            new IpPort(ip("192.168.80.101"), 40000),
            new IpPort(serviceIp(services), 80));
  }

  /** The OUTPUT hook for a new connection to the last Service, recording nothing. */
  @Benchmark
  public HookTraversal untraced() {
    return kernel.hook(Hook.OUTPUT, new PacketInFlight(lastService), Recording.NONE);
  }

  /**
   * The entry node's part of a first-packet trace: candidates, the journey with the rules that
   * matched, the trace's steps; the connection is forgotten again so that every packet is a first.
   */
  @Benchmark
  public Trace traced() {
    DnatCandidates candidates = host.candidates(lastService, "");
    HostJourney journey = host.send(lastService, "");
    kernel.conntrack().flush();
    return HostTraces.of(journey, candidates, "node");
  }
}
