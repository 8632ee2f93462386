package dev.ksim.resolver;

import dev.ksim.cluster.Cluster;
import dev.ksim.cni.BridgeNetwork;
import dev.ksim.net.IpAddress;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code /etc/hosts} of a node (Debian's: localhost, the host's own name on 127.0.1.1 and the
 * IPv6 loopback names) or of a pod (the file kubelet writes: its managed header, the loopback and
 * IPv6 names, and the pod's own address and name), and the lookups glibc's {@code files} source
 * answers from it before any DNS query ({@code hosts: files dns} in nsswitch.conf): the first line,
 * in file order, that lists the name (case-insensitively) with an address of the wanted family.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/kubelet/kubelet_pods.go">kubelet_pods.go
 *     (managedHostsHeader, hostsEntriesFromHostAliases)</a>
 */
public final class EtcHosts {
  private EtcHosts() {}

  /**
   * The file of a client named as on the command line ({@code node/NAME}, {@code pod/[NS/]NAME});
   * empty for a client outside the cluster (an address), which has no file ksim knows.
   */
  public static Optional<String> of(Cluster cluster, String source) {
    if (source.startsWith("node/")) {
      return Optional.of(node(source.substring("node/".length())));
    }
    if (source.startsWith("pod/")) {
      String ref = source.substring("pod/".length());
      return Optional.of(pod(cluster, ref.contains("/") ? ref : "default/" + ref));
    }
    return Optional.empty();
  }

  /** A node's file. */
  public static String node(String name) {
    return "127.0.0.1\tlocalhost\n127.0.1.1\t"
        + name
        + "\n\n# The following lines are desirable for IPv6 capable hosts\n"
        + "::1     localhost ip6-localhost ip6-loopback\n"
        + "ff02::1 ip6-allnodes\n"
        + "ff02::2 ip6-allrouters\n";
  }

  /** The file kubelet writes for pod {@code NS/NAME}. */
  public static String pod(Cluster cluster, String namespaceAndName) {
    StringBuilder out =
        new StringBuilder(
            """
            # Kubernetes-managed hosts file.
            127.0.0.1\tlocalhost
            ::1\tlocalhost ip6-localhost ip6-loopback
            fe00::0\tip6-localnet
            fe00::0\tip6-mcastprefix
            fe00::1\tip6-allnodes
            fe00::2\tip6-allrouters
            """);
    String name = namespaceAndName.substring(namespaceAndName.indexOf('/') + 1);
    cluster
        .namespaces()
        .pod(namespaceAndName)
        .ifPresent(
            ns ->
                ns.addresses(BridgeNetwork.POD_INTERFACE)
                    .forEach(a -> out.append(a.address()).append('\t').append(name).append('\n')));
    return out.toString();
  }

  /** The IPv4 address {@code file} gives {@code host}, if a line names it. */
  public static Optional<IpAddress> lookup(String file, String host) {
    String wanted = host.toLowerCase(Locale.ROOT);
    for (String line : file.lines().toList()) {
      String content = line.contains("#") ? line.substring(0, line.indexOf('#')) : line;
      String[] fields = content.trim().split("\\s+", -1);
      if (fields.length < 2) {
        continue;
      }
      Optional<IpAddress> address = IpAddress.tryParse(fields[0]).filter(IpAddress::isV4);
      for (int i = 1; i < fields.length && address.isPresent(); i++) {
        if (fields[i].toLowerCase(Locale.ROOT).equals(wanted)) {
          return address;
        }
      }
    }
    return Optional.empty();
  }
}
