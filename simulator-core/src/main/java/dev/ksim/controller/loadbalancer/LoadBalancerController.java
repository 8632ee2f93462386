package dev.ksim.controller.loadbalancer;

import dev.ksim.apiserver.ApiStore;
import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceEventHandler;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.controller.WorkQueue;
import dev.ksim.net.Cidr;
import dev.ksim.net.IpAddress;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.LoadBalancerStatus;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceStatus;
import java.math.BigInteger;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A cloud load balancer for {@code type: LoadBalancer} Services, as a cloud provider's service
 * controller (or MetalLB) provides one: a Service with no {@code status.loadBalancer.ingress} gets
 * its {@code spec.loadBalancerIP} when that is free and inside the pool, else the lowest free
 * address of the pool; addresses given in the input are kept. The balancer forwards to the nodes
 * with the address still the destination, so kube-proxy's load-balancer rules (and
 * loadBalancerSourceRanges) decide. When the pool is exhausted the Service stays pending, as {@code
 * <pending>} in {@code kubectl get svc} shows.
 */
public final class LoadBalancerController {
  /** How many addresses of a (large, IPv6) pool are looked at. */
  private static final long MAX_SCAN = 1 << 16;

  private final ApiStore store;
  private final Cidr pool;
  private final WorkQueue<ObjectKey> queue;

  public LoadBalancerController(ApiStore store, Cidr pool, Duration delay) {
    this.store = store;
    this.pool = pool;
    this.queue = new WorkQueue<>(store.loop(), delay, "service-lb-controller", this::sync);
    store.watch(
        ResourceType.SERVICE,
        ResourceEventHandler.onAnyChange(s -> queue.add(ObjectKey.of(ResourceType.SERVICE, s))));
  }

  private void sync(ObjectKey key) {
    Optional<Service> found = store.get(key);
    if (found.isEmpty()
        || !"LoadBalancer".equals(found.get().getSpec().getType())
        || !ingress(found.get()).isEmpty()) {
      return;
    }
    Optional<IpAddress> address = pick(found.get());
    if (address.isEmpty()) {
      return;
    }
    LoadBalancerIngress ingress =
        new LoadBalancerIngressBuilder().withIp(address.get().toString()).withIpMode("VIP").build();
    store.modifyStatus(
        ResourceType.SERVICE,
        key.namespace(),
        key.name(),
        (Service s) -> {
          if (s.getStatus() == null) {
            s.setStatus(new ServiceStatus());
          }
          s.getStatus().setLoadBalancer(new LoadBalancerStatus(List.of(ingress)));
        });
  }

  private Optional<IpAddress> pick(Service service) {
    Set<IpAddress> used = new HashSet<>();
    for (Service other : store.list(ResourceType.SERVICE)) {
      for (LoadBalancerIngress ingress : ingress(other)) {
        IpAddress.tryParse(String.valueOf(ingress.getIp())).ifPresent(used::add);
      }
    }
    Optional<IpAddress> requested =
        Optional.ofNullable(service.getSpec().getLoadBalancerIP())
            .flatMap(IpAddress::tryParse)
            .filter(pool::contains)
            .filter(ip -> !used.contains(ip));
    if (requested.isPresent() || service.getSpec().getLoadBalancerIP() != null) {
      return requested;
    }
    long size = pool.size().min(BigInteger.valueOf(MAX_SCAN)).longValue();
    for (long i = 0; i < size; i++) {
      IpAddress candidate = pool.address(i);
      if (!used.contains(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static List<LoadBalancerIngress> ingress(Service service) {
    if (service.getStatus() == null || service.getStatus().getLoadBalancer() == null) {
      return List.of();
    }
    return service.getStatus().getLoadBalancer().getIngress();
  }
}
