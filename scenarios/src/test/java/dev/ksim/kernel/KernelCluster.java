package dev.ksim.kernel;

import com.google.common.base.Suppliers;
import dev.ksim.api.pod.PodUtil;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.cluster.Cluster;
import dev.ksim.net.Cidr;
import dev.ksim.net.InterfaceAddress;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.netfilter.kernel.Namespace;
import dev.ksim.netfilter.nft.NftOutput;
import dev.ksim.netfilter.nft.NftRuleset;
import dev.ksim.netfilter.nft.NftSet;
import dev.ksim.netfilter.nft.NftTable;
import dev.ksim.netfilter.nft.text.NftListWriter;
import dev.ksim.node.NodeNetwork;
import dev.ksim.scenario.shell.NodeTools;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A simulated cluster rebuilt in the real kernel, IPv4 only: a network namespace per node (eth0 on
 * a shared segment, the bridge cni0 with each pod range's gateway address, host-gw routes to the
 * other nodes' pod ranges, the node's ruleset as {@code ksim iptables-save} prints it, loaded with
 * the real iptables-nft-restore after creating its nfacct objects), one per pod that is an endpoint
 * (eth0 on the node's bridge, a default route to the gateway, a listener on its endpoint ports that
 * answers with the pod's address and the source it saw), and a "world" namespace outside the
 * cluster: the default gateway of every node, the external client (the {@code .250} of the first
 * node's /24), and the listener for endpoint addresses that are no pod. A client pod ({@code .250}
 * of a node's pod range) asks as a pod.
 *
 * <p>Everything lives in namespaces this object creates; {@link #close} kills its processes and
 * deletes them, also after a failure. Nothing touches the host namespace.
 */
final class KernelCluster implements AutoCloseable {
  private static final Pattern NFACCT = Pattern.compile("--nfacct-name +(\\S+)");
  private static final int LISTENER_SECONDS = 600;

  /** Numbers the clusters of this JVM: clusters built at once get namespaces of their own. */
  private static final AtomicInteger CLUSTERS = new AtomicInteger();

  /**
   * The python3 interpreter itself, asked once: a version manager's {@code python3} shim (pyenv's
   * is a shell script) would otherwise run before every probe.
   */
  private static final Supplier<String> PYTHON =
      Suppliers.memoize(
          () -> {
            try {
              String path =
                  Namespace.run(List.of("python3", "-c", "import sys; print(sys.executable)"), "")
                      .out()
                      .strip();
              return path.isEmpty() ? "python3" : path;
            } catch (IOException e) {
              return "python3";
            }
          });

  private final String prefix;
  private final List<String> namespaces = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();
  private final Map<String, String> nodeNs = new LinkedHashMap<>();
  private final Map<String, String> podNs = new LinkedHashMap<>();

  /** The nfacct objects made, as "NAMESPACE NAME": they outlive a flushed ruleset. */
  private final Set<String> accounting = new TreeSet<>();

  /** Each node's script emptying its nftables sets, once {@link #loadNftables} loaded them. */
  private final Map<String, String> nftResets = new LinkedHashMap<>();

  private final Path scripts;

  /** Wall time spent building, loading rules, resetting between flows and probing, in ns. */
  private long building;

  private long loading;
  private long forgetting;
  private long probing;

  private String worldNs = "";
  private String worldAddress = "";
  private String clientPodNs = "";
  private String clientPodAddress = "";
  private String clientPodNode = "";
  private int links;

  private KernelCluster(String prefix, Path scripts) {
    this.prefix = prefix;
    this.scripts = scripts;
  }

  /** Builds {@code cluster} in the kernel; {@code scripts} holds listener.py and probe.py. */
  static KernelCluster build(Cluster cluster, Path scripts, String tag) throws IOException {
    long start = System.nanoTime();
    KernelCluster k =
        new KernelCluster(
            "kd" + ProcessHandle.current().pid() + "-" + CLUSTERS.incrementAndGet() + "-" + tag,
            scripts);
    try {
      k.create(cluster);
      k.building = System.nanoTime() - start;
      return k;
    } catch (IOException | RuntimeException e) {
      k.close();
      throw e;
    }
  }

  String world() {
    return worldNs;
  }

  String worldAddress() {
    return worldAddress;
  }

  String clientPod() {
    return clientPodNs;
  }

  String clientPodAddress() {
    return clientPodAddress;
  }

  String clientPodNode() {
    return clientPodNode;
  }

  String node(String name) {
    return nodeNs.get(name);
  }

  /** Every address of node {@code name}'s interfaces: where a masqueraded source comes from. */
  static Set<String> nodeAddresses(Cluster cluster, String name) {
    Set<String> out = new TreeSet<>();
    NodeNetwork node = cluster.nodeNetworks().get(name);
    node.addresses().forEach(a -> out.add(a.address().toString()));
    node.podCidrs().forEach(c -> out.add(c.address(1).toString()));
    return out;
  }

  /** The namespace of the pod {@code ns/name}, if it was built. */
  Optional<String> pod(String key) {
    return Optional.ofNullable(podNs.get(key));
  }

  private String namespace(String tag) throws IOException {
    String name = prefix + "-" + tag;
    must(List.of("ip", "netns", "add", name));
    namespaces.add(name);
    exec(name, "ip", "link", "set", "lo", "up");
    return name;
  }

  private void create(Cluster cluster) throws IOException {
    Map<String, NodeNetwork> nodes = cluster.nodeNetworks();
    InterfaceAddress first = v4(nodes.values().iterator().next().addresses()).orElseThrow();
    Cidr segment = Cidr.containing(first.address(), 24);
    worldAddress = segment.address(250).toString();
    String sw = namespace("sw");
    exec(sw, "ip", "link", "add", "br0", "type", "bridge");
    exec(sw, "ip", "link", "set", "br0", "up");
    worldNs = namespace("world");
    link(worldNs, "eth0", sw, "br0");
    exec(worldNs, "ip", "addr", "add", worldAddress + "/24", "dev", "eth0");
    exec(worldNs, "ip", "link", "set", "eth0", "up");
    int i = 0;
    for (NodeNetwork node : nodes.values()) {
      String ns = namespace("n" + i++);
      nodeNs.put(node.name(), ns);
      link(ns, "eth0", sw, "br0");
      for (InterfaceAddress a : node.addresses()) {
        if (a.address().isV4()) {
          exec(ns, "ip", "addr", "add", a.address() + "/24", "dev", "eth0");
        }
      }
      exec(ns, "ip", "link", "set", "eth0", "up");
      exec(ns, "ip", "link", "add", "cni0", "type", "bridge");
      for (Cidr range : node.podCidrs()) {
        if (range.family() == IpFamily.IPV4) {
          exec(
              ns,
              "ip",
              "addr",
              "add",
              range.address(1) + "/" + range.prefixLength(),
              "dev",
              "cni0");
        }
      }
      exec(ns, "ip", "link", "set", "cni0", "up");
      for (String sysctl :
          List.of(
              "net.ipv4.ip_forward=1",
              "net.ipv4.conf.all.route_localnet=1",
              "net.ipv4.conf.all.send_redirects=0",
              "net.ipv4.conf.default.send_redirects=0",
              "net.ipv4.conf.all.rp_filter=0",
              "net.ipv4.icmp_ratelimit=0",
              "net.bridge.bridge-nf-call-iptables=1")) {
        exec(ns, "sysctl", "-q", "-w", sysctl);
      }
      // no ICMP redirects: a packet leaving by the interface it came in on is normal here (the
      // world hands a node addresses it routes back out), and a redirect would steer the client
      for (String device : List.of("eth0", "cni0")) {
        exec(ns, "sysctl", "-q", "-w", "net.ipv4.conf." + device + ".send_redirects=0");
      }
      exec(ns, "ip", "route", "add", "default", "via", worldAddress, "dev", "eth0");
    }
    // host-gw routes between nodes, and from the world back to every pod range
    for (NodeNetwork node : nodes.values()) {
      String via = v4(node.addresses()).map(a -> a.address().toString()).orElse(null);
      if (via == null) {
        continue;
      }
      for (Cidr range : node.podCidrs()) {
        if (range.family() != IpFamily.IPV4) {
          continue;
        }
        for (NodeNetwork other : nodes.values()) {
          if (!other.name().equals(node.name())) {
            exec(nodeNs.get(other.name()), "ip", "route", "add", range.toString(), "via", via);
          }
        }
        exec(worldNs, "ip", "route", "add", range.toString(), "via", via);
      }
      // the node's other addresses, beyond the world's own segment, are reached through it too
      for (InterfaceAddress a : node.addresses()) {
        if (a.address().isV4()
            && !segment.contains(a.address())
            && !a.address().toString().equals(via)) {
          exec(worldNs, "ip", "route", "add", a.address() + "/32", "via", via);
        }
      }
    }
    balancers(cluster, nodes);
    pods(cluster, nodes);
    rules(cluster, nodes);
    exec(worldNs, "sysctl", "-q", "-w", "net.ipv4.conf.all.send_redirects=0");
  }

  /**
   * Addresses the world hands to the first node: load-balancer ingress addresses (the cloud
   * balancer forwards to a node, the address unchanged) and external IPs no node has.
   */
  private void balancers(Cluster cluster, Map<String, NodeNetwork> nodes) throws IOException {
    NodeNetwork first = nodes.values().iterator().next();
    String via = v4(first.addresses()).orElseThrow().address().toString();
    Set<String> routed = new TreeSet<>();
    for (Service svc : cluster.store().<Service>list(ResourceType.SERVICE)) {
      List<String> addresses =
          new ArrayList<>(Optional.ofNullable(svc.getSpec().getExternalIPs()).orElse(List.of()));
      if (svc.getStatus() != null && svc.getStatus().getLoadBalancer() != null) {
        Optional.ofNullable(svc.getStatus().getLoadBalancer().getIngress())
            .orElse(List.of())
            .forEach(i -> addresses.add(i.getIp()));
      }
      for (String address : addresses) {
        boolean owned =
            nodes.values().stream()
                .anyMatch(
                    n ->
                        n.addresses().stream()
                            .anyMatch(a -> a.address().toString().equals(address)));
        if (address != null && IpAddress.parse(address).isV4() && !owned && routed.add(address)) {
          exec(worldNs, "ip", "route", "add", address + "/32", "via", via);
        }
      }
    }
  }

  private void pods(Cluster cluster, Map<String, NodeNetwork> nodes) throws IOException {
    Map<String, Set<String>> ports = new LinkedHashMap<>();
    for (EndpointSlice slice : cluster.store().<EndpointSlice>list(ResourceType.ENDPOINT_SLICE)) {
      if (!"IPv4".equals(slice.getAddressType())) {
        continue;
      }
      Set<String> specs = new TreeSet<>();
      for (EndpointPort p : Optional.ofNullable(slice.getPorts()).orElse(List.of())) {
        if (p.getPort() != null && !"SCTP".equals(p.getProtocol())) {
          specs.add(
              Optional.ofNullable(p.getProtocol()).orElse("TCP").toLowerCase(Locale.ROOT)
                  + ":"
                  + p.getPort());
        }
      }
      for (Endpoint e : Optional.ofNullable(slice.getEndpoints()).orElse(List.of())) {
        for (String address : e.getAddresses()) {
          ports.computeIfAbsent(address, a -> new TreeSet<>()).addAll(specs);
        }
      }
    }
    int p = 0;
    Set<String> worldEndpoints = new LinkedHashSet<>();
    Set<String> worldSpecs = new TreeSet<>();
    for (Map.Entry<String, Set<String>> entry : ports.entrySet()) {
      String address = entry.getKey();
      Optional<Pod> pod =
          cluster.store().<Pod>list(ResourceType.POD).stream()
              .filter(
                  x ->
                      address.equals(PodUtil.podIp(x))
                          && !Boolean.TRUE.equals(x.getSpec().getHostNetwork()))
              .findFirst();
      Optional<Cidr> range =
          pod.flatMap(x -> Optional.ofNullable(nodes.get(PodUtil.nodeName(x))))
              .flatMap(
                  n ->
                      n.podCidrs().stream()
                          .filter(c -> c.contains(IpAddress.parse(address)))
                          .findFirst());
      if (pod.isEmpty() || range.isEmpty()) {
        Optional<NodeNetwork> node =
            nodes.values().stream()
                .filter(
                    n ->
                        n.addresses().stream()
                            .anyMatch(a -> a.address().toString().equals(address)))
                .findFirst();
        if (node.isPresent()) {
          // a node's own socket (the API server behind default/kubernetes, say)
          listen(nodeNs.get(node.get().name()), address, entry.getValue());
        } else {
          worldEndpoints.add(address);
          worldSpecs.addAll(entry.getValue());
        }
        continue;
      }
      String ns = namespace("p" + p++);
      String key = pod.get().getMetadata().getNamespace() + "/" + pod.get().getMetadata().getName();
      podNs.put(key, ns);
      attachPod(ns, nodeNs.get(PodUtil.nodeName(pod.get())), address, range.get());
      listen(ns, address, entry.getValue());
    }
    for (String address : worldEndpoints) {
      exec(worldNs, "ip", "addr", "add", address + "/32", "dev", "lo");
    }
    if (!worldSpecs.isEmpty()) {
      listen(worldNs, "@local", worldSpecs);
    }
    NodeNetwork clientNode =
        nodes.values().stream().skip(nodes.size() > 1 ? 1 : 0).findFirst().orElseThrow();
    Cidr clientRange =
        clientNode.podCidrs().stream()
            .filter(c -> c.family() == IpFamily.IPV4)
            .findFirst()
            .orElseThrow();
    clientPodAddress = clientRange.address(250).toString();
    clientPodNode = clientNode.name();
    clientPodNs = namespace("client");
    attachPod(clientPodNs, nodeNs.get(clientNode.name()), clientPodAddress, clientRange);
  }

  private void attachPod(String ns, String node, String address, Cidr range) throws IOException {
    String port = link(ns, "eth0", node, "cni0");
    // the bridge plugin's hairpinMode, as kubelet asks for: a pod reaching itself through its
    // Service is sent back out of the port it came in on
    exec(node, "ip", "link", "set", port, "type", "bridge_slave", "hairpin", "on");
    exec(ns, "ip", "addr", "add", address + "/" + range.prefixLength(), "dev", "eth0");
    exec(ns, "ip", "link", "set", "eth0", "up");
    exec(ns, "ip", "route", "add", "default", "via", range.address(1).toString());
  }

  /**
   * A veth pair: {@code name} in {@code ns}, its peer in {@code peerNs} attached to {@code bridge}.
   */
  private String link(String ns, String name, String peerNs, String bridge) throws IOException {
    String peer = "v" + links++;
    must(
        List.of(
            "ip", "-n", peerNs, "link", "add", peer, "type", "veth", "peer", "name", name, "netns",
            ns));
    exec(peerNs, "ip", "link", "set", peer, "master", bridge);
    exec(peerNs, "ip", "link", "set", peer, "up");
    return peer;
  }

  private void rules(Cluster cluster, Map<String, NodeNetwork> nodes) throws IOException {
    for (NodeNetwork node : nodes.values()) {
      restoreIptables(cluster, node);
    }
  }

  /** The node's iptables rules as {@code ksim iptables-save} prints them, restored for real. */
  private void restoreIptables(Cluster cluster, NodeNetwork node) throws IOException {
    String ns = nodeNs.get(node.name());
    String save =
        NodeTools.iptablesSave(node, IpFamily.IPV4, false, cluster.clock().now()).stdout();
    Set<String> counters = new TreeSet<>();
    Matcher m = NFACCT.matcher(save);
    while (m.find()) {
      counters.add(m.group(1));
    }
    for (String counter : counters) {
      if (accounting.add(ns + " " + counter)) {
        exec(ns, "nfacct", "add", counter);
      }
    }
    Namespace.Result restore =
        Namespace.run(List.of("ip", "netns", "exec", ns, "iptables-nft-restore"), save);
    if (restore.exit() != 0) {
      throw new IOException(
          "the real iptables-nft-restore refused node "
              + node.name()
              + "'s rules: "
              + restore.err());
    }
  }

  /**
   * Puts {@code cluster}'s rules in nftables mode in place of what the namespaces hold: the same
   * cluster, its kube-proxy switched to nftables mode, so the topology built for it serves as it
   * is. On each node {@code nft flush ruleset} (iptables-nft's tables are nf_tables tables, so this
   * takes the iptables rules too), the iptables rules that stay in that mode restored again
   * (kubelet's), and ksim's nftables ruleset loaded with the real {@code nft -f}.
   *
   * @return where the kernel's {@code nft list table} or {@code nft -n list table} of a table ksim
   *     wrote differs from ksim's, up to the order of set elements (see {@link
   *     NftListings#elementsInOrder})
   */
  List<String> loadNftables(Cluster cluster) throws IOException {
    long start = System.nanoTime();
    List<String> differences = new ArrayList<>();
    for (NodeNetwork node : cluster.nodeNetworks().values()) {
      String ns = nodeNs.get(node.name());
      exec(ns, "nft", "flush", "ruleset");
      restoreIptables(cluster, node);
      NftRuleset ruleset = node.kernel().nftables();
      String text = new NftListWriter(false).ruleset(ruleset);
      Namespace.Result load =
          Namespace.run(List.of("ip", "netns", "exec", ns, "nft", "-f", "-"), text);
      if (load.exit() != 0) {
        throw new IOException(
            "the real nft -f refused node " + node.name() + "'s ruleset: " + load.err());
      }
      nftResets.put(node.name(), reset(ruleset));
      for (NftTable table : ruleset.tables()) {
        for (NftOutput output : NftOutput.values()) {
          List<String> command = new ArrayList<>(List.of("nft"));
          if (output == NftOutput.NUMERIC) {
            command.add("-n");
          }
          command.addAll(List.of("list", "table", table.family().token(), table.name()));
          String theirs = run(ns, command.toArray(String[]::new));
          String ours = new NftListWriter(false, output).table(table);
          if (!NftListings.elementsInOrder(theirs).equals(NftListings.elementsInOrder(ours))) {
            differences.add(
                node.name()
                    + ": "
                    + String.join(" ", command)
                    + " differs\n    kernel:\n"
                    + theirs
                    + "\n    ksim:\n"
                    + ours);
          }
        }
      }
    }
    loading += System.nanoTime() - start;
    return differences;
  }

  /**
   * An nft script that empties {@code ruleset}'s sets the rules fill at run time (kube-proxy's
   * affinity sets: dynamic, with a timeout), as ksim's reset empties its own; empty when there are
   * none. Cheaper than reloading the tables, which costs seconds a flow with hundreds of Services.
   */
  private static String reset(NftRuleset ruleset) {
    StringBuilder script = new StringBuilder();
    for (NftTable table : ruleset.tables()) {
      for (NftSet set : table.sets().values()) {
        if (set.flags().contains("dynamic") || set.timeoutMillis() > 0) {
          script
              .append("flush set ")
              .append(table.family().token())
              .append(' ')
              .append(table.name())
              .append(' ')
              .append(set.name())
              .append('\n');
        }
      }
    }
    return script.toString();
  }

  /**
   * Clears what the kernel learnt, as ksim starts each flow afresh: connection tracking and the
   * recent lists, and once nftables mode is loaded, its affinity sets; with {@code counters} the
   * iptables rule counters too (which then tell which rules a flow's packets hit: only needed to
   * explain a disagreement, and zeroing them costs two iptables-nft runs a node). One process for
   * all nodes: a shell that enters each node's namespace in turn.
   */
  void forget(boolean counters) throws IOException {
    long start = System.nanoTime();
    StringBuilder script = new StringBuilder("set -e\n");
    for (Map.Entry<String, String> node : nodeNs.entrySet()) {
      String nft = nftResets.get(node.getKey());
      script
          .append("ip netns exec ")
          .append(node.getValue())
          .append(" sh -c 'conntrack -F 2>/dev/null || true;")
          .append(counters ? " iptables-nft -t filter -Z; iptables-nft -t nat -Z;" : "")
          .append(" for f in /proc/net/xt_recent/*; do [ -e \"$f\" ] && echo / > \"$f\"; done;")
          .append(" true'\n");
      if (nft != null && !nft.isEmpty()) {
        script
            .append("ip netns exec ")
            .append(node.getValue())
            .append(" nft -f - <<'NFT'\n")
            .append(nft)
            .append("NFT\n");
      }
    }
    Namespace.Result result = Namespace.run(List.of("sh", "-c", script.toString()), "");
    forgetting += System.nanoTime() - start;
    if (result.exit() != 0) {
      throw new IOException("resetting the nodes failed: " + result.err());
    }
  }

  /**
   * The rules node {@code name}'s packets hit since {@link #forget}: iptables-nft-save -c lines
   * with packets counted, and in nftables mode the kube-proxy tables as the kernel lists them
   * (kube-proxy's nftables rules keep no counters), to explain a disagreement.
   */
  List<String> rulesHit(String name) throws IOException {
    String ns = nodeNs.get(name);
    List<String> out =
        new ArrayList<>(
            run(ns, "iptables-nft-save", "-c")
                .lines()
                .filter(l -> l.startsWith("[") && !l.startsWith("[0:0]"))
                .toList());
    if (nftResets.containsKey(name)) {
      out.addAll(run(ns, "nft", "list", "ruleset").lines().toList());
    }
    return out;
  }

  /** {@code python3 SCRIPT ARGS...} inside {@code ns}. */
  private List<String> python(String ns, String script, List<String> args) {
    List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", ns, PYTHON.get()));
    argv.add(scripts.resolve(script).toString());
    argv.addAll(args);
    return argv;
  }

  private void listen(String ns, String name, Set<String> specs) throws IOException {
    List<String> args = new ArrayList<>(List.of(name, Integer.toString(LISTENER_SECONDS)));
    args.addAll(specs);
    Process process =
        new ProcessBuilder(python(ns, "listener.py", args)).redirectErrorStream(true).start();
    processes.add(process);
    String ready = new String(process.getInputStream().readNBytes(6), StandardCharsets.UTF_8);
    if (!ready.startsWith("ready")) {
      throw new IOException("listener in " + ns + " did not start: " + ready);
    }
  }

  /** Runs the probe in {@code ns}: one outcome per attempt ("ok NAME PEER", "refused", ...). */
  List<String> probe(
      String ns, String address, int port, String protocol, int count, double timeout)
      throws IOException {
    List<String> args =
        List.of(
            address,
            Integer.toString(port),
            protocol,
            Integer.toString(count),
            Double.toString(timeout));
    long start = System.nanoTime();
    Namespace.Result result = Namespace.run(python(ns, "probe.py", args), "");
    probing += System.nanoTime() - start;
    if (result.exit() != 0) {
      throw new IOException("probe failed: " + result.err());
    }
    return result.out().lines().toList();
  }

  /** The median connect time to {@code address}:{@code port} from {@code ns}, in microseconds. */
  String latency(String ns, String address, int port, int count) throws IOException {
    List<String> args =
        List.of(
            address, Integer.toString(port), "tcp", Integer.toString(count), "2.0", "--latency");
    return Namespace.run(python(ns, "probe.py", args), "").out().strip().replace("median_us ", "");
  }

  /**
   * Where the wall time went so far: building the namespaces (with the iptables rules), loading
   * nftables mode, resetting between flows, probing; in seconds.
   */
  String timings() {
    return String.format(
        Locale.ROOT,
        "build %.1f s, nft load %.1f s, resets %.1f s, probes %.1f s",
        building / 1e9,
        loading / 1e9,
        forgetting / 1e9,
        probing / 1e9);
  }

  /** Skips the calling test, saying why, unless root and the tools the harness runs are here. */
  static void assumeTools(String what) {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        "root".equals(System.getProperty("user.name")),
        what + " skipped: it needs root for ip netns");
    for (String tool : List.of("ip", "iptables-nft-restore", "conntrack", "nfacct", "python3")) {
      org.junit.jupiter.api.Assumptions.assumeTrue(
          Namespace.available(tool), what + " skipped: no " + tool);
    }
  }

  /** A command's output in {@code ns} (read while it runs: a ruleset's listing can be long). */
  String run(String ns, String... command) throws IOException {
    List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    argv.addAll(List.of(command));
    return Namespace.run(argv, "").out();
  }

  private void exec(String ns, String... command) throws IOException {
    List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    argv.addAll(List.of(command));
    must(argv);
  }

  private static void must(List<String> argv) throws IOException {
    Namespace.Result result = Namespace.run(argv, "");
    if (result.exit() != 0) {
      throw new IOException(String.join(" ", argv) + " failed: " + result.err());
    }
  }

  private static Optional<InterfaceAddress> v4(List<InterfaceAddress> addresses) {
    return addresses.stream().filter(a -> a.address().isV4()).findFirst();
  }

  @Override
  public void close() throws IOException {
    for (Process process : processes) {
      process.destroyForcibly();
      try {
        process.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (String ns : namespaces) {
      Namespace.run(List.of("ip", "netns", "del", ns), "");
    }
  }
}
