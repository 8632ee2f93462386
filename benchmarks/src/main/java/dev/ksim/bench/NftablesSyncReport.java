package dev.ksim.bench;

import dev.ksim.ipvs.Ipvs;
import dev.ksim.net.Cidr;
import dev.ksim.net.InterfaceAddress;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.netfilter.Netfilter;
import dev.ksim.proxy.KubeProxyConfiguration;
import dev.ksim.proxy.ProxierContext;
import dev.ksim.proxy.nftables.NftablesProxier;
import dev.ksim.scaling.CpuTime;
import dev.ksim.scaling.ServiceWorkload;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One node's nftables proxier alone, without a cluster around it: {@link ServiceWorkload}'s
 * Services and endpoints fed to the proxier as its watches would feed them, then {@code runs} times
 * a full sync and the partial sync after one endpoint of the middle Service goes or comes back, in
 * CPU time of this thread (median and fastest). The same syncs as {@link KubeProxyReport}'s {@code
 * node-full-sync} and {@code node-partial-sync}, without the minutes a loaded machine takes to
 * settle the cluster first. Usage: {@code java -cp benchmarks.jar dev.ksim.bench.NftablesSyncReport
 * [services] [endpoints] [runs]}.
 */
public final class NftablesSyncReport {
  private NftablesSyncReport() {}

  public static void main(String[] args) {
    int services = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int endpoints = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 7;
    ServiceWorkload workload = new ServiceWorkload(services, endpoints, "nftables");
    NftablesProxier proxier =
        new NftablesProxier(
            new ProxierContext(
                KubeProxyConfiguration.UPSTREAM_DEFAULTS,
                IpFamily.IPV4,
                "k8s-node01",
                List.of(InterfaceAddress.tryParse("192.168.80.101/24").orElseThrow()),
                IpAddress.parse("192.168.80.101"),
                List.of(Cidr.parse("10.244.1.0/24")),
                List.of(Cidr.parse("10.96.0.0/12")),
                new Ipvs(() -> 0, () -> 0L)));
    EndpointSlice middle = null;
    for (int i = 0; i < services; i++) {
      proxier.onServiceAdd(
          new ServiceBuilder()
              .withNewMetadata()
              .withNamespace("default")
              .withName(ServiceWorkload.name(i))
              .endMetadata()
              .withNewSpec()
              .withType("ClusterIP")
              .withClusterIP(ServiceWorkload.clusterIp(i).toString())
              .withClusterIPs(ServiceWorkload.clusterIp(i).toString())
              .withIpFamilies("IPv4")
              .addNewPort()
              .withName("http")
              .withProtocol("TCP")
              .withPort(80)
              .withNewTargetPort(8080)
              .endPort()
              .endSpec()
              .build());
      EndpointSlice slice = slice(workload, i);
      proxier.onEndpointSliceAdd(slice);
      if (i == services / 2) {
        middle = slice;
      }
    }
    EndpointSlice whole = Objects.requireNonNull(middle);
    EndpointSlice lessOne = new EndpointSliceBuilder(whole).build();
    lessOne.getEndpoints().remove(0);
    Netfilter kernel = new Netfilter(() -> 0, () -> 0L);
    long cpu = CpuTime.ofThisThread();
    proxier.syncProxyRules(kernel, true);
    long first = CpuTime.ofThisThread() - cpu;
    long[] full = new long[runs];
    long[] partial = new long[runs];
    for (int run = 0; run < runs; run++) {
      cpu = CpuTime.ofThisThread();
      proxier.syncProxyRules(kernel, true);
      full[run] = CpuTime.ofThisThread() - cpu;
      proxier.onEndpointSliceUpdate(run % 2 == 0 ? whole : lessOne, run % 2 == 0 ? lessOne : whole);
      cpu = CpuTime.ofThisThread();
      proxier.syncProxyRules(kernel, false);
      partial[run] = CpuTime.ofThisThread() - cpu;
    }
    System.out.printf(
        "services=%d endpoints=%d runs=%d first-sync=cpu %.0fms node-full-sync=cpu %.0fms(min"
            + " %.0fms) node-partial-sync=cpu %.1fms(min %.1fms)%n",
        services,
        endpoints,
        runs,
        first / 1e6,
        CpuMedian.of(full) / 1e6,
        Arrays.stream(full).min().orElseThrow() / 1e6,
        CpuMedian.of(partial) / 1e6,
        Arrays.stream(partial).min().orElseThrow() / 1e6);
  }

  private static EndpointSlice slice(ServiceWorkload workload, int index) {
    List<Endpoint> list = new ArrayList<>();
    for (int e = 0; e < workload.endpoints(); e++) {
      list.add(
          new EndpointBuilder()
              .withAddresses(workload.endpointIp(index, e).toString())
              .withNodeName("k8s-node0" + (1 + e % 2))
              .withNewConditions()
              .withReady(true)
              .endConditions()
              .build());
    }
    return new EndpointSliceBuilder()
        .withNewMetadata()
        .withNamespace("default")
        .withName(ServiceWorkload.name(index))
        .addToLabels("kubernetes.io/service-name", ServiceWorkload.name(index))
        .endMetadata()
        .withAddressType("IPv4")
        .addNewPort()
        .withName("http")
        .withPort(8080)
        .withProtocol("TCP")
        .endPort()
        .withEndpoints(list)
        .build();
  }
}
