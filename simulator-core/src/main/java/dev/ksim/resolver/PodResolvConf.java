package dev.ksim.resolver;

import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.cluster.Cluster;
import dev.ksim.dns.resolver.ResolvConf;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodDNSConfig;
import io.fabric8.kubernetes.api.model.PodDNSConfigOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The resolv.conf kubelet makes for a pod (kubernetes {@code pkg/kubelet/network/dns/dns.go}):
 * ClusterFirst gives the kube-dns ClusterIP, the search list {@code <ns>.svc.<domain> svc.<domain>
 * <domain>} and {@code ndots:5}; a host-network pod with ClusterFirst, and Default, get the node's
 * file; None gets only {@code dnsConfig}, which every policy merges in. Limits as kubelet applies
 * them: 3 nameservers, 32 search domains.
 */
public final class PodResolvConf {
  /**
   * The nodes' own resolv.conf: a resolver outside the cluster, which answers from the DNS outside
   * world (the simulated nodes run no systemd-resolved).
   */
  public static final ResolvConf NODE = new ResolvConf(List.of("8.8.8.8"), List.of(), List.of());

  private static final int MAX_NAMESERVERS = 3;
  private static final int MAX_SEARCHES = 32;

  private PodResolvConf() {}

  /** The resolv.conf of {@code pod} in {@code cluster}. */
  public static ResolvConf of(Pod pod, Cluster cluster) {
    String policy = Optional.ofNullable(pod.getSpec().getDnsPolicy()).orElse("ClusterFirst");
    boolean hostNetwork = Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
    List<String> servers = new ArrayList<>();
    List<String> searches = new ArrayList<>();
    Map<String, String> options = new LinkedHashMap<>();
    boolean clusterFirst =
        policy.equals("ClusterFirstWithHostNet") || (policy.equals("ClusterFirst") && !hostNetwork);
    if (clusterFirst) {
      String domain = cluster.network().dnsDomain();
      servers.add(cluster.network().dnsServiceIp());
      searches.add(pod.getMetadata().getNamespace() + ".svc." + domain);
      searches.add("svc." + domain);
      searches.add(domain);
      searches.addAll(NODE.searches());
      options.put("ndots", "5");
    } else if (!policy.equals("None")) {
      servers.addAll(NODE.nameservers());
      searches.addAll(NODE.searches());
      NODE.options().forEach(o -> putOption(options, o));
    }
    PodDNSConfig config = pod.getSpec().getDnsConfig();
    if (config != null) {
      Optional.ofNullable(config.getNameservers()).ifPresent(servers::addAll);
      Optional.ofNullable(config.getSearches()).ifPresent(searches::addAll);
      for (PodDNSConfigOption option : Optional.ofNullable(config.getOptions()).orElse(List.of())) {
        options.put(option.getName(), option.getValue() == null ? "" : option.getValue());
      }
    }
    List<String> rendered = new ArrayList<>();
    options.forEach((name, value) -> rendered.add(value.isEmpty() ? name : name + ":" + value));
    return new ResolvConf(
        limit(new ArrayList<>(new LinkedHashSet<>(servers)), MAX_NAMESERVERS),
        limit(new ArrayList<>(new LinkedHashSet<>(searches)), MAX_SEARCHES),
        rendered);
  }

  /**
   * The resolv.conf a client named as on the command line uses: a pod's ({@code pod/[NS/]NAME}),
   * else the node's.
   */
  public static ResolvConf forSource(Cluster cluster, String source) {
    if (!source.startsWith("pod/")) {
      return NODE;
    }
    String ref = source.substring(4);
    int slash = ref.indexOf('/');
    String namespace = slash < 0 ? "default" : ref.substring(0, slash);
    String name = ref.substring(slash + 1);
    return cluster
        .store()
        .<Pod>get(new ObjectKey(ResourceType.POD, namespace, name))
        .map(pod -> of(pod, cluster))
        .orElse(NODE);
  }

  private static List<String> limit(List<String> list, int max) {
    return list.size() > max ? list.subList(0, max) : list;
  }

  private static void putOption(Map<String, String> options, String option) {
    int colon = option.indexOf(':');
    options.put(
        colon < 0 ? option : option.substring(0, colon),
        colon < 0 ? "" : option.substring(colon + 1));
  }
}
