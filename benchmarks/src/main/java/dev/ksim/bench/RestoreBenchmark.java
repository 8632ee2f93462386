package dev.ksim.bench;

import dev.ksim.netfilter.table.Ruleset;
import dev.ksim.netfilter.text.IptablesRestoreParser;
import dev.ksim.netfilter.text.RuleEnvironment;
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
 * iptables-restore into one kernel, on a nat table shaped as kube-proxy writes it for {@code
 * services} Services of {@code endpoints} endpoints (KUBE-SERVICES, a KUBE-SVC- chain per Service,
 * a KUBE-SEP- chain per endpoint: 320,000 rules at 10,000 x 10): a full restore, and a partial one
 * as kube-proxy's partial sync sends it with {@code --noflush} (KUBE-SERVICES whole, one Service's
 * chains). Rule texts repeat from one restore to the next, as they do on a node and across nodes,
 * so these are the steady-state costs. Issue 16's targets for a whole sync (generation included):
 * full at most 1 s, partial about 100 ms.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx4g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class RestoreBenchmark {
  @Param({"10000"})
  public int services;

  @Param({"10"})
  public int endpoints;

  private String full = "";
  private String partial = "";
  private Ruleset loaded = Ruleset.EMPTY;

  @Setup(Level.Trial)
  public void setUp() {
    StringBuilder declarations = new StringBuilder("*nat\n:KUBE-SERVICES - [0:0]\n");
    declarations.append(":KUBE-MARK-MASQ - [0:0]\n");
    StringBuilder rules = new StringBuilder();
    rules.append("-A PREROUTING -m comment --comment \"kubernetes service portals\"");
    rules.append(" -j KUBE-SERVICES\n");
    rules.append("-A OUTPUT -m comment --comment \"kubernetes service portals\"");
    rules.append(" -j KUBE-SERVICES\n");
    rules.append("-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000\n");
    StringBuilder services = new StringBuilder();
    for (int s = 0; s < this.services; s++) {
      services.append(servicesRule(s));
    }
    StringBuilder chains = new StringBuilder();
    for (int s = 0; s < this.services; s++) {
      declarations.append(serviceDeclarations(s));
      chains.append(serviceChains(s));
    }
    full = declarations + rules.toString() + services + chains + "COMMIT\n";
    int changed = this.services / 2;
    partial =
        "*nat\n:KUBE-SERVICES - [0:0]\n"
            + serviceDeclarations(changed)
            + services
            + serviceChains(changed)
            + "COMMIT\n";
    loaded = restore(full, Ruleset.EMPTY);
  }

  private static String serviceIp(int service) {
    return "10.100.%d.%d".formatted(service / 250, 1 + service % 250);
  }

  private static String endpointIp(int service, int endpoint) {
    int n = service * 10 + endpoint;
    return "10.244.%d.%d".formatted(n / 250 % 250, 2 + n % 250);
  }

  private static String svc(int service) {
    return "KUBE-SVC-%016X".formatted(service);
  }

  private static String sep(int service, int endpoint) {
    return "KUBE-SEP-%016X".formatted(service * 100L + endpoint);
  }

  private static String servicesRule(int service) {
    return ("-A KUBE-SERVICES -d %s/32 -p tcp -m comment --comment \"default/svc-%d:http cluster IP\""
            + " -m tcp --dport 80 -j %s\n")
        .formatted(serviceIp(service), service, svc(service));
  }

  private String serviceDeclarations(int service) {
    StringBuilder text = new StringBuilder(":" + svc(service) + " - [0:0]\n");
    for (int e = 0; e < endpoints; e++) {
      text.append(':').append(sep(service, e)).append(" - [0:0]\n");
    }
    return text.toString();
  }

  private String serviceChains(int service) {
    StringBuilder text = new StringBuilder();
    String comment = "-m comment --comment \"default/svc-%d:http cluster IP\"".formatted(service);
    text.append(
        "-A %s ! -s 10.244.0.0/16 -d %s/32 -p tcp %s -m tcp --dport 80 -j KUBE-MARK-MASQ\n"
            .formatted(svc(service), serviceIp(service), comment));
    for (int e = 0; e < endpoints; e++) {
      String endpoint = endpointIp(service, e) + ":8080";
      String toEndpoint =
          "-m comment --comment \"default/svc-%d:http -> %s\"".formatted(service, endpoint);
      String statistic =
          e == endpoints - 1
              ? ""
              : " -m statistic --mode random --probability %.11f".formatted(1.0 / (endpoints - e));
      text.append(
          "-A %s %s%s -j %s\n".formatted(svc(service), toEndpoint, statistic, sep(service, e)));
      String sepComment = "-m comment --comment \"default/svc-%d:http\"".formatted(service);
      text.append(
          "-A %s -s %s/32 %s -j KUBE-MARK-MASQ\n"
              .formatted(sep(service, e), endpointIp(service, e), sepComment));
      text.append(
          "-A %s -p tcp %s -m tcp -j DNAT --to-destination %s\n"
              .formatted(sep(service, e), sepComment, endpoint));
    }
    return text.toString();
  }

  private static Ruleset restore(String text, Ruleset current) {
    return new IptablesRestoreParser("bench", RuleEnvironment.PERMISSIVE, true)
        .parse(text, current);
  }

  /** kube-proxy's first sync: every chain and rule of the table. */
  @Benchmark
  public Ruleset fullRestore() {
    return restore(full, Ruleset.EMPTY);
  }

  /** A partial sync after one Service's endpoints changed. */
  @Benchmark
  public Ruleset partialRestore() {
    return restore(partial, loaded);
  }
}
