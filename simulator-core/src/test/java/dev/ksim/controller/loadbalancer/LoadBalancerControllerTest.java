package dev.ksim.controller.loadbalancer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.apiserver.ResourceType;
import dev.ksim.cluster.Cluster;
import dev.ksim.cluster.ClusterOptions;
import dev.ksim.manifest.ManifestLoader;
import dev.ksim.net.Cidr;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class LoadBalancerControllerTest {
  private static String service(String name, String extra) {
    return """
        apiVersion: v1
        kind: Service
        metadata: {name: %s}
        spec:
          type: LoadBalancer
          ports: [{port: 80}]
        %s---
        """
        .formatted(name, extra);
  }

  private static String ingress(Cluster cluster, String name) {
    Service service =
        cluster.store().list(ResourceType.SERVICE, "default").stream()
            .filter(s -> s.getMetadata().getName().equals(name))
            .findFirst()
            .orElseThrow();
    List<?> ingress =
        service.getStatus() == null || service.getStatus().getLoadBalancer() == null
            ? List.of()
            : service.getStatus().getLoadBalancer().getIngress();
    return ingress.isEmpty()
        ? "<pending>"
        : service.getStatus().getLoadBalancer().getIngress().get(0).getIp();
  }

  @Test
  void givesFreeAddressesOfThePoolKeepsGivenOnesAndLeavesTheRestPending() {
    String yaml =
        service("given", "status: {loadBalancer: {ingress: [{ip: 198.51.100.8}]}}\n")
            + service("asked", "  loadBalancerIP: 198.51.100.10\n")
            + service("a", "")
            + service("b", "")
            + service("c", "");
    Cluster cluster =
        Cluster.start(
            ManifestLoader.parse("lb.yaml", yaml),
            ClusterOptions.DEFAULT.withLoadBalancerPool(Cidr.parse("198.51.100.8/30")));

    assertThat(ingress(cluster, "given")).isEqualTo("198.51.100.8");
    assertThat(ingress(cluster, "asked")).isEqualTo("198.51.100.10");
    assertThat(List.of(ingress(cluster, "a"), ingress(cluster, "b"), ingress(cluster, "c")))
        .containsExactlyInAnyOrder("198.51.100.9", "198.51.100.11", "<pending>");
  }
}
