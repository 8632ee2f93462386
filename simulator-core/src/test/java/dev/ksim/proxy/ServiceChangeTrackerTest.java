package dev.ksim.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.net.IpFamily;
import io.fabric8.kubernetes.api.model.Service;
import org.junit.jupiter.api.Test;

class ServiceChangeTrackerTest {
  private static final NamespacedName NAME = new NamespacedName("ns1", "svc1");

  private static Service service(int port) {
    return Svc1.service()
        .withNewSpec()
        .withType("ClusterIP")
        .withClusterIP("10.20.30.41")
        .withClusterIPs("10.20.30.41")
        .addNewPort()
        .withName("p80")
        .withProtocol("TCP")
        .withPort(port)
        .endPort()
        .endSpec()
        .build();
  }

  @Test
  void trackersOfTwoNodesShareThePortsOfOneServiceObject() {
    Service service = service(80);
    ServiceChangeTracker onA = new ServiceChangeTracker(IpFamily.IPV4);
    ServiceChangeTracker onB = new ServiceChangeTracker(IpFamily.IPV4);
    onA.update(null, service);
    onB.update(null, service);

    ServiceChangeTracker.Change a = onA.drain().get(NAME);
    ServiceChangeTracker.Change b = onB.drain().get(NAME);
    assertThat(a.current()).hasSize(1).isSameAs(b.current());
    assertThat(a.current().get(0).port()).isEqualTo(80);
  }

  @Test
  void anEqualServiceObjectGivesEqualPortsAndAChangeBackIsForgotten() {
    ServiceChangeTracker tracker = new ServiceChangeTracker(IpFamily.IPV4);
    Service first = service(80);
    tracker.update(null, first);
    tracker.drain();

    tracker.update(first, service(81));
    assertThat(tracker.update(service(81), service(80))).isFalse();
    assertThat(new ServiceChangeTracker(IpFamily.IPV6).update(null, first)).isFalse();
  }
}
