package dev.ksim.scenario.shell;

import dev.ksim.api.pod.PodUtil;
import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.cluster.Cluster;
import dev.ksim.image.ListeningPort;
import dev.ksim.net.InterfaceAddress;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpPort;
import dev.ksim.net.Protocol;
import dev.ksim.node.NodeNetwork;
import dev.ksim.proxy.KubeProxy;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What runs on a kubeadm node and what it listens on: containerd, kubelet (10250, healthz on
 * 127.0.0.1:10248), kube-proxy (while it runs, its metrics and healthz servers on the bind
 * addresses of its configuration, by default 127.0.0.1:10249 and 10256, and a health check node
 * port per {@code externalTrafficPolicy: Local} Service), on the control-plane node also
 * kube-apiserver (6443), etcd (2379, 2380, 2381), kube-controller-manager (127.0.0.1:10257) and
 * kube-scheduler (127.0.0.1:10259), and the containers of the node's pods, whose ports are sockets
 * on the node only with {@code hostNetwork}. A NodePort is not among them: kube-proxy's rules catch
 * it before any socket would. Go servers bound to {@code 0.0.0.0} listen on a dual-stack socket
 * ({@code *}); their backlog is the kernel's somaxconn, 4096.
 *
 * @see <a href="https://kubernetes.io/docs/reference/networking/ports-and-protocols/">Ports and
 *     Protocols</a>
 */
final class NodeProcesses {
  /** One process: its pid, user and command line ({@code comm} is the first word's base name). */
  record Daemon(int pid, String user, String commandLine) {
    String comm() {
      String first = commandLine.split(" ", 2)[0];
      String base = first.substring(first.lastIndexOf('/') + 1);
      return base.length() > 15 ? base.substring(0, 15) : base;
    }
  }

  /**
   * One listening socket.
   *
   * @param address where it is bound; null for a dual-stack wildcard ({@code *})
   */
  record Socket(Protocol protocol, @Nullable IpAddress address, int port, Daemon process, int fd) {}

  private final List<Daemon> processes = new ArrayList<>();
  private final List<Socket> sockets = new ArrayList<>();

  NodeProcesses(Cluster cluster, NodeNetwork node) {
    add("root", "/sbin/init");
    add("root", "/usr/bin/containerd");
    Daemon kubelet =
        add(
            "root",
            "/usr/bin/kubelet --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf"
                + " --kubeconfig=/etc/kubernetes/kubelet.conf"
                + " --config=/var/lib/kubelet/config.yaml"
                + " --container-runtime-endpoint=unix:///var/run/containerd/containerd.sock");
    listen(Protocol.TCP, "127.0.0.1", 10248, kubelet);
    listen(Protocol.TCP, null, 10250, kubelet);
    Optional<IpAddress> apiServer = apiServerAddress(cluster, node);
    if (apiServer.isPresent()) {
      String ip = apiServer.get().toString();
      Daemon etcd =
          add(
              "root",
              "etcd --advertise-client-urls=https://"
                  + ip
                  + ":2379 --data-dir=/var/lib/etcd --listen-client-urls=https://127.0.0.1:2379,https://"
                  + ip
                  + ":2379 --listen-metrics-urls=http://127.0.0.1:2381 --listen-peer-urls=https://"
                  + ip
                  + ":2380 --name="
                  + node.name());
      listen(Protocol.TCP, "127.0.0.1", 2379, etcd);
      listen(Protocol.TCP, ip, 2379, etcd);
      listen(Protocol.TCP, ip, 2380, etcd);
      listen(Protocol.TCP, "127.0.0.1", 2381, etcd);
      Daemon apiserver =
          add(
              "root",
              "kube-apiserver --advertise-address="
                  + ip
                  + " --etcd-servers=https://127.0.0.1:2379 --secure-port=6443");
      listen(Protocol.TCP, null, 6443, apiserver);
      Daemon controllers =
          add("root", "kube-controller-manager --bind-address=127.0.0.1 --leader-elect=true");
      listen(Protocol.TCP, "127.0.0.1", 10257, controllers);
      Daemon scheduler = add("root", "kube-scheduler --bind-address=127.0.0.1 --leader-elect=true");
      listen(Protocol.TCP, "127.0.0.1", 10259, scheduler);
    }
    Daemon proxy =
        add(
            "root",
            "/usr/local/bin/kube-proxy --config=/var/lib/kube-proxy/config.conf"
                + " --hostname-override="
                + node.name());
    KubeProxy running = cluster.kubeProxies().get(node.name());
    if (running != null) {
      for (IpPort bind : running.servers().bindAddresses()) {
        boolean wildcard = bind.ip().high() == 0 && bind.ip().low() == 0;
        listen(Protocol.TCP, wildcard ? null : bind.ip().toString(), bind.port(), proxy);
      }
    }
    for (Service service : cluster.store().list(ResourceType.SERVICE)) {
      Integer healthCheck = service.getSpec().getHealthCheckNodePort();
      if (healthCheck != null) {
        listen(Protocol.TCP, null, healthCheck, proxy);
      }
    }
    for (Pod pod : cluster.store().list(ResourceType.POD)) {
      if (!node.name().equals(PodUtil.nodeName(pod)) || !PodUtil.isActive(pod)) {
        continue;
      }
      boolean hostNetwork = Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
      for (Container container : pod.getSpec().getContainers()) {
        Daemon process = add(hostNetwork ? "root" : "65535", command(container));
        if (hostNetwork) {
          for (ListeningPort port : cluster.options().images().ports(pod, container)) {
            listen(port.protocol(), null, port.port(), process);
          }
        }
      }
    }
    sockets.sort(
        Comparator.comparingInt(Socket::port)
            .thenComparing(s -> s.address() == null ? "~" : s.address().toString()));
  }

  private static String command(Container container) {
    List<String> words = new ArrayList<>(container.getCommand());
    words.addAll(container.getArgs());
    if (words.isEmpty()) {
      String image = String.valueOf(container.getImage());
      String name = image.substring(image.lastIndexOf('/') + 1).split("[:@]", 2)[0];
      words.add(name);
    }
    return String.join(" ", words);
  }

  /** The node's address where the {@code default/kubernetes} Endpoints say the API server is. */
  private static Optional<IpAddress> apiServerAddress(Cluster cluster, NodeNetwork node) {
    Optional<Endpoints> endpoints =
        cluster.store().get(new ObjectKey(ResourceType.ENDPOINTS, "default", "kubernetes"));
    return endpoints.stream()
        .flatMap(e -> e.getSubsets().stream())
        .flatMap(s -> s.getAddresses().stream())
        .map(a -> IpAddress.tryParse(String.valueOf(a.getIp())))
        .flatMap(Optional::stream)
        .filter(ip -> node.addresses().stream().map(InterfaceAddress::address).anyMatch(ip::equals))
        .findFirst();
  }

  private Daemon add(String user, String commandLine) {
    Daemon process =
        new Daemon(processes.isEmpty() ? 1 : 400 + 37 * processes.size(), user, commandLine);
    processes.add(process);
    return process;
  }

  private void listen(Protocol protocol, @Nullable String address, int port, Daemon process) {
    int fd = 3 + (int) sockets.stream().filter(s -> s.process().equals(process)).count();
    sockets.add(
        new Socket(
            protocol,
            address == null ? null : IpAddress.tryParse(address).orElseThrow(),
            port,
            process,
            fd));
  }

  List<Daemon> processes() {
    return List.copyOf(processes);
  }

  /** The listening sockets, by port. */
  List<Socket> sockets() {
    return List.copyOf(sockets);
  }
}
