package dev.ksim.scaling;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code ksim bench --calibrate}: measures the per-unit costs of {@link KernelCosts} on this
 * machine's kernel. Each figure is taken in throwaway network namespaces of its own ({@code
 * ksimbench-PID-STAGE}, deleted afterwards whatever happens) with only loopback up: a Python loop
 * sends UDP datagrams of an answered (established) flow to a socket on 127.0.0.1 and takes the
 * process's CPU time per datagram (on a shared machine wall time mostly measures the wait for a
 * core; the OUTPUT hook, where every rule here sits, runs in the sending process). Rules: first
 * with no rules, then with {@code RULES} rules in the OUTPUT path that each fail on their first
 * match (a destination of another host, as in kube-proxy's KUBE-SERVICES), or {@code LOOKUPS} rules
 * that each miss in a verdict map of {@code RULES} elements keyed as kube-proxy's nftables
 * service-ips map; the extra time per datagram over the rules gives the cost of one. Conntrack: one
 * rule that reads the packet's conntrack entry ({@code ct mark}, which makes the namespace track
 * connections) against one that does not ({@code meta mark}), the tracked namespace holding {@code
 * CONNTRACK_ENTRIES} other entries, the namespaces measured in turn {@code CONNTRACK_TURNS} times
 * so that the machine's load falls on both alike; the median difference is the conntrack work of
 * one established packet. nft transactions carry at most 1,000 rules or elements (larger ones with
 * anonymous sets stall this kernel). Needs root, iproute2, iptables (legacy and nft), nft and
 * python3.
 */
public final class KernelCalibration {
  private static final int RULES = 10_000;
  private static final int LOOKUPS = 1_000;
  private static final int PER_TRANSACTION = 1_000;
  private static final int DATAGRAMS = 2_000;
  private static final int ROUNDS = 7;
  private static final int CONNTRACK_ENTRIES = 50_000;
  private static final int CONNTRACK_TURNS = 15;
  private static final int CONNTRACK_DATAGRAMS = 20_000;

  private static final String PROBE =
      """
      import socket, sys, time
      n, rounds = int(sys.argv[1]), int(sys.argv[2])
      rx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); rx.bind(('127.0.0.1', 0))
      rx.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
      tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); to = rx.getsockname(); d = b'x'
      tx.sendto(d, to); _, back = rx.recvfrom(16); rx.sendto(d, back)
      res = []
      for _ in range(rounds):
          t = time.process_time_ns()
          for _ in range(n):
              tx.sendto(d, to)
          res.append((time.process_time_ns() - t) / n)
      res.sort(); print(res[len(res) // 2])
      """;

  /** Opens {@code n} unanswered UDP flows (distinct destination ports on loopback addresses). */
  private static final String FILL =
      """
      import socket, sys
      s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
      for i in range(int(sys.argv[1])):
          s.sendto(b'x', ('127.0.0.%d' % (2 + i // 60000), 1024 + i % 60000))
      """;

  private final PrintStream progress;
  private final String prefix = "ksimbench-" + ProcessHandle.current().pid() + "-";

  public KernelCalibration(PrintStream progress) {
    this.progress = progress;
  }

  /** Measures every figure; throws {@link CalibrationException} when the machine cannot. */
  public KernelCosts calibrate() {
    if (!"0".equals(run(List.of("id", "-u"), "").strip())) {
      throw new CalibrationException("--calibrate needs root (it creates network namespaces)");
    }
    Thread cleanup = new Thread(this::deleteLeftovers, "ksimbench-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      return measure();
    } finally {
      Runtime.getRuntime().removeShutdownHook(cleanup);
    }
  }

  /** On Ctrl-C: deletes this run's namespaces that still exist, and no other. */
  private void deleteLeftovers() {
    for (String namespace : run(List.of("ip", "netns", "list"), "").split("\n")) {
      String name = namespace.split(" ")[0];
      if (name.startsWith(prefix)) {
        run(List.of("ip", "netns", "del", name), "");
      }
    }
  }

  private KernelCosts measure() {
    double legacy = perUnit("legacy", RULES, ns -> iptablesRestore(ns, "iptables-legacy-restore"));
    double iptablesNft =
        perUnit("iptnft", RULES, ns -> iptablesRestore(ns, "iptables-nft-restore"));
    double nftRule = perUnit("nftrule", RULES, this::nftRules);
    double nftLookup = perUnit("nftmap", LOOKUPS, this::nftMapLookups) - nftRule;
    double conntrack = conntrackLookup();
    return new KernelCosts(
        iptablesNft,
        legacy,
        nftRule,
        Math.max(0, nftLookup),
        Math.max(0, conntrack),
        "calibrated on " + run(List.of("uname", "-r"), "").strip() + " by ksim bench --calibrate");
  }

  /** What a stage loads into its namespace. */
  private interface Loader {
    void load(String namespace);
  }

  private double perUnit(String stage, int units, Loader loader) {
    String namespace = prefix + stage;
    run(List.of("ip", "netns", "add", namespace), "");
    try {
      run(List.of("ip", "-n", namespace, "link", "set", "lo", "up"), "");
      double bare = probe(namespace);
      loader.load(namespace);
      double loaded = probe(namespace);
      double each = (loaded - bare) / units;
      progress.printf(
          Locale.ROOT,
          "calibrate %s: %.0f ns per datagram bare, %.0f with %d, %.2f ns each%n",
          stage,
          bare,
          loaded,
          units,
          each);
      return each;
    } finally {
      run(List.of("ip", "netns", "del", namespace), "");
    }
  }

  private double probe(String namespace) {
    return probe(namespace, DATAGRAMS, ROUNDS);
  }

  private double probe(String namespace, int datagrams, int rounds) {
    String out =
        run(
            List.of(
                "ip",
                "netns",
                "exec",
                namespace,
                "python3",
                "-c",
                PROBE,
                Integer.toString(datagrams),
                Integer.toString(rounds)),
            "");
    return Double.parseDouble(out.strip());
  }

  /**
   * The conntrack work of one established packet: namespaces untracked and tracked (the latter with
   * {@link #CONNTRACK_ENTRIES} other entries) measured in turn; the median difference.
   */
  private double conntrackLookup() {
    String untracked = prefix + "ct-off";
    String tracked = prefix + "ct-on";
    try {
      for (String namespace : List.of(untracked, tracked)) {
        run(List.of("ip", "netns", "add", namespace), "");
        run(List.of("ip", "-n", namespace, "link", "set", "lo", "up"), "");
      }
      nft(untracked, outputRule("meta mark 0x1 drop"));
      nft(tracked, outputRule("ct mark 0x1 drop"));
      run(
          List.of(
              "ip",
              "netns",
              "exec",
              tracked,
              "sysctl",
              "-qw",
              "net.netfilter.nf_conntrack_udp_timeout=3600"),
          "");
      run(
          List.of(
              "ip",
              "netns",
              "exec",
              tracked,
              "python3",
              "-c",
              FILL,
              Integer.toString(CONNTRACK_ENTRIES)),
          "");
      double[] off = new double[CONNTRACK_TURNS];
      double[] on = new double[CONNTRACK_TURNS];
      for (int turn = 0; turn < CONNTRACK_TURNS; turn++) {
        off[turn] = probe(untracked, CONNTRACK_DATAGRAMS, 1);
        on[turn] = probe(tracked, CONNTRACK_DATAGRAMS, 1);
      }
      String entries =
          run(
                  List.of(
                      "ip",
                      "netns",
                      "exec",
                      tracked,
                      "cat",
                      "/proc/sys/net/netfilter/nf_conntrack_count"),
                  "")
              .strip();
      double each = fastest(on) - fastest(off);
      progress.printf(
          Locale.ROOT,
          "calibrate conntrack: %.0f ns per datagram untracked, %.0f tracked among %s entries"
              + " (fastest of %d turns), %.2f ns each%n",
          fastest(off),
          fastest(on),
          entries,
          CONNTRACK_TURNS,
          each);
      return each;
    } finally {
      deleteLeftovers();
    }
  }

  private static String outputRule(String rule) {
    return "table ip ksimbench {\n chain out {\n  type filter hook output priority 0;\n  "
        + rule
        + "\n }\n}\n";
  }

  private static double fastest(double[] values) {
    return Arrays.stream(values).min().orElseThrow();
  }

  private static String host(int i) {
    return "10.100." + (i / 250) + "." + (1 + i % 250);
  }

  private void iptablesRestore(String namespace, String tool) {
    StringBuilder text = new StringBuilder("*filter\n:KSIMBENCH - [0:0]\n-A OUTPUT -j KSIMBENCH\n");
    for (int i = 0; i < RULES; i++) {
      text.append("-A KSIMBENCH -d ")
          .append(host(i))
          .append("/32 -p tcp -m comment --comment \"svc-")
          .append(i)
          .append(":http cluster IP\" -m tcp --dport 80 -j DROP\n");
    }
    text.append("COMMIT\n");
    run(List.of("ip", "netns", "exec", namespace, tool), text.toString());
  }

  private void nftRules(String namespace) {
    nft(
        namespace,
        "table ip ksimbench {\n chain out {\n  type filter hook output priority 0;\n }\n}\n");
    for (int from = 0; from < RULES; from += PER_TRANSACTION) {
      StringBuilder batch = new StringBuilder();
      for (int i = from; i < Math.min(RULES, from + PER_TRANSACTION); i++) {
        batch.append("add rule ip ksimbench out ip daddr ").append(host(i));
        batch.append(" tcp dport 80 drop\n");
      }
      nft(namespace, batch.toString());
    }
  }

  private void nftMapLookups(String namespace) {
    nft(
        namespace,
        """
        table ip ksimbench {
         map service-ips {
          type ipv4_addr . inet_proto . inet_service : verdict
         }
         chain out {
          type filter hook output priority 0;
         }
        }
        """);
    for (int from = 0; from < RULES; from += PER_TRANSACTION) {
      StringBuilder batch = new StringBuilder("add element ip ksimbench service-ips { ");
      for (int i = from; i < Math.min(RULES, from + PER_TRANSACTION); i++) {
        batch.append(i == from ? "" : ", ").append(host(i)).append(" . tcp . 80 : drop");
      }
      nft(namespace, batch.append(" }\n").toString());
    }
    StringBuilder rules = new StringBuilder();
    for (int i = 0; i < LOOKUPS; i++) {
      rules.append(
          "add rule ip ksimbench out ip daddr . meta l4proto . th dport vmap @service-ips\n");
    }
    nft(namespace, rules.toString());
  }

  private void nft(String namespace, String script) {
    run(List.of("ip", "netns", "exec", namespace, "nft", "-f", "-"), script);
  }

  private static String run(List<String> command, String stdin) {
    try {
      Process process = new ProcessBuilder(new ArrayList<>(command)).start();
      process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      process.getOutputStream().close();
      byte[] out = process.getInputStream().readAllBytes();
      byte[] err = process.getErrorStream().readAllBytes();
      if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new CalibrationException(
            String.join(" ", command.subList(0, Math.min(5, command.size())))
                + ": "
                + new String(err, StandardCharsets.UTF_8).strip());
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CalibrationException(command.get(0) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CalibrationException(command.get(0) + ": interrupted");
    }
  }
}
