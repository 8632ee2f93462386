package dev.ksim.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ksim.apiserver.ApiException;
import dev.ksim.apiserver.ApiStore;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.config.ClusterNetwork;
import dev.ksim.manifest.KubernetesJson;
import dev.ksim.manifest.ManifestLoader;
import dev.ksim.net.Cidr;
import dev.ksim.net.IpAddress;
import dev.ksim.sim.EventLoop;
import dev.ksim.sim.SimClock;
import dev.ksim.sim.SimRandom;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Service defaulting and validation, with kube-apiserver's messages
 * (pkg/apis/core/validation/validation.go ValidateService, pkg/apis/core/v1/defaults.go).
 */
class ServiceStrategyTest {
  private final ApiStore store = store(ClusterNetwork.DEFAULT);

  private static ApiStore store(ClusterNetwork network) {
    SimRandom random = new SimRandom(1);
    ApiStore store =
        new ApiStore(new EventLoop(new SimClock()), random, Duration.ZERO, Duration.ZERO);
    store.setAdmission(ResourceType.SERVICE, new ServiceStrategy(network, random));
    store.create(
        ResourceType.NAMESPACE,
        new NamespaceBuilder().withNewMetadata().withName("default").endMetadata().build());
    return store;
  }

  private Service create(String spec) {
    return create(store, spec);
  }

  private static Service create(ApiStore store, String spec) {
    return create(store, "web", spec);
  }

  private static Service create(ApiStore store, String name, String spec) {
    String yaml =
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: "
            + name
            + "\nspec:\n"
            + spec.stripIndent().indent(2);
    Service service = (Service) ManifestLoader.parse("svc.yaml", yaml).objects().get(0).object();
    return store.create(ResourceType.SERVICE, service);
  }

  @Test
  void defaultsTypeProtocolTargetPortAndPolicies() {
    Service service =
        create(
            """
        selector: {app: web}
        ports:
        - port: 80
        """);

    assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(service.getSpec().getSessionAffinity()).isEqualTo("None");
    assertThat(service.getSpec().getPorts().get(0).getProtocol()).isEqualTo("TCP");
    assertThat(service.getSpec().getPorts().get(0).getTargetPort().getIntVal()).isEqualTo(80);
    assertThat(service.getSpec().getInternalTrafficPolicy()).isEqualTo("Cluster");
    assertThat(service.getSpec().getExternalTrafficPolicy()).isNull();
    assertThat(service.getSpec().getIpFamilyPolicy()).isEqualTo("SingleStack");
    assertThat(service.getSpec().getIpFamilies()).containsExactly("IPv4");
  }

  @Test
  void allocatesAClusterIpInTheServiceRange() {
    Service service = create("ports: [{port: 80}]");

    String ip = service.getSpec().getClusterIP();
    assertThat(Cidr.parse("10.96.0.0/12").contains(IpAddress.parse(ip))).isTrue();
    assertThat(service.getSpec().getClusterIPs()).containsExactly(ip);
  }

  @Test
  void honoursARequestedClusterIpAndRefusesItTwice() {
    create("clusterIP: 10.96.100.100\nports: [{port: 80}]");

    assertThatThrownBy(
            () -> create(store, "other", "clusterIP: 10.96.100.100\nports: [{port: 81}]"))
        .isInstanceOf(ApiException.class)
        .hasMessage(
            "The Service \"other\" is invalid: spec.clusterIPs: Invalid value: []string{\"10.96.100.100\"}:"
                + " failed to allocate IP 10.96.100.100: provided IP is already allocated");
  }

  @Test
  void refusesAClusterIpOutsideTheRange() {
    assertThatThrownBy(() -> create("clusterIP: 10.0.0.1\nports: [{port: 80}]"))
        .hasMessage(
            "The Service \"web\" is invalid: spec.clusterIPs: Invalid value: []string{\"10.0.0.1\"}:"
                + " failed to allocate IP 10.0.0.1: the provided IP (10.0.0.1) is not in the valid"
                + " range. The range of valid IPs is 10.96.0.0/12");
  }

  @Test
  void clusterIpIsImmutable() {
    create("clusterIP: 10.96.100.100\nports: [{port: 80}]");

    assertThatThrownBy(
            () ->
                store.modify(
                    ResourceType.SERVICE,
                    "default",
                    "web",
                    s -> s.getSpec().setClusterIP("10.96.100.101")))
        .hasMessageContaining(
            "spec.clusterIPs[0]: Invalid value: \"10.96.100.101\": may not change once set");
  }

  @Test
  void headlessServiceGetsNoClusterIp() {
    Service service = create("clusterIP: None\nselector: {app: web}\nports: [{port: 80}]");

    assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(service.getSpec().getClusterIPs()).containsExactly("None");
  }

  @Test
  void allocatesNodePortsInTheDefaultRange() {
    Service service = create("type: NodePort\nports: [{port: 80}]");

    int nodePort = service.getSpec().getPorts().get(0).getNodePort();
    assertThat(nodePort).isBetween(30000, 32767);
    assertThat(service.getSpec().getExternalTrafficPolicy()).isEqualTo("Cluster");
  }

  @Test
  void refusesANodePortOutsideTheRangeWithTheApiServersMessage() {
    assertThatThrownBy(() -> create("type: NodePort\nports: [{port: 80, nodePort: 80}]"))
        .hasMessage(
            "The Service \"web\" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port"
                + " is not in the valid range. The range of valid ports is 30000-32767");
  }

  @Test
  void refusesANodePortInUse() {
    create("type: NodePort\nports: [{port: 80, nodePort: 30080}]");
    Service other =
        (Service)
            ManifestLoader.parse(
                    "o.yaml",
                    """
        apiVersion: v1
        kind: Service
        metadata: {name: other}
        spec:
          type: NodePort
          ports: [{port: 80, nodePort: 30080}]
        """)
                .objects()
                .get(0)
                .object();

    assertThatThrownBy(() -> store.create(ResourceType.SERVICE, other))
        .hasMessage(
            "The Service \"other\" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided"
                + " port is already allocated");
  }

  @Test
  void nodePortIsForbiddenOnClusterIpServices() {
    assertThatThrownBy(() -> create("ports: [{port: 80, nodePort: 30080}]"))
        .hasMessageContaining(
            "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'");
  }

  @Test
  void portNamesAreRequiredAndUniqueWithSeveralPorts() {
    assertThatThrownBy(() -> create("ports: [{port: 80}, {port: 443}]"))
        .hasMessage(
            "The Service \"web\" is invalid: [spec.ports[0].name: Required value,"
                + " spec.ports[1].name: Required value]");
    assertThatThrownBy(() -> create("ports: [{name: a, port: 80}, {name: a, port: 443}]"))
        .hasMessageContaining("spec.ports[1].name: Duplicate value: \"a\"");
  }

  @Test
  void clientIpAffinityDefaultsItsTimeoutAndBoundsIt() {
    Service service = create("sessionAffinity: ClientIP\nports: [{port: 80}]");

    assertThat(service.getSpec().getSessionAffinityConfig().getClientIP().getTimeoutSeconds())
        .isEqualTo(10800);
    assertThatThrownBy(
            () ->
                create(
                    store(ClusterNetwork.DEFAULT),
                    """
                    sessionAffinity: ClientIP
                    sessionAffinityConfig: {clientIP: {timeoutSeconds: 86401}}
                    ports: [{port: 80}]
                    """))
        .hasMessageContaining(
            "spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 86401: must be greater"
                + " than 0 and less than 86400");
  }

  @Test
  void externalNameNeedsANameAndGetsNoClusterIp() {
    Service service = create("type: ExternalName\nexternalName: hub.docker.com");

    assertThat(service.getSpec().getClusterIP()).isNull();
    assertThat(service.getSpec().getClusterIPs()).isEmpty();
    assertThatThrownBy(() -> create(store(ClusterNetwork.DEFAULT), "type: ExternalName"))
        .hasMessageContaining("spec.externalName: Required value");
  }

  @Test
  void refusesAnUnknownTypeAndProtocol() {
    assertThatThrownBy(() -> create("type: Magic\nports: [{port: 80}]"))
        .hasMessageContaining(
            "spec.type: Unsupported value: \"Magic\": supported values: \"ClusterIP\","
                + " \"ExternalName\", \"LoadBalancer\", \"NodePort\"");
    assertThatThrownBy(() -> create("ports: [{port: 80, protocol: HTTP}]"))
        .hasMessageContaining(
            "spec.ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\","
                + " \"UDP\"");
  }

  @Test
  void externalTrafficPolicyNeedsAnExternallyAccessibleService() {
    assertThatThrownBy(() -> create("externalTrafficPolicy: Local\nports: [{port: 80}]"))
        .hasMessageContaining(
            "spec.externalTrafficPolicy: Invalid value: \"Local\": may only be set for"
                + " externally-accessible services");
    assertThat(
            create("externalTrafficPolicy: Local\nexternalIPs: [192.0.2.7]\nports: [{port: 80}]")
                .getSpec()
                .getExternalTrafficPolicy())
        .isEqualTo("Local");
  }

  @Test
  void dualStackClusterGivesPreferDualStackServicesBothFamilies() {
    ClusterNetwork dual =
        ClusterNetwork.DEFAULT.withServiceSubnets(
            List.of(Cidr.parse("10.96.0.0/12"), Cidr.parse("fd00:10:96::/112")));
    Service service = create(store(dual), "ipFamilyPolicy: PreferDualStack\nports: [{port: 80}]");

    assertThat(service.getSpec().getIpFamilies()).containsExactly("IPv4", "IPv6");
    assertThat(service.getSpec().getClusterIPs()).hasSize(2);
    assertThat(service.getSpec().getClusterIPs().get(1)).startsWith("fd00:10:96::");
  }

  @Test
  void requireDualStackFailsOnASingleStackCluster() {
    assertThatThrownBy(() -> create("ipFamilyPolicy: RequireDualStack\nports: [{port: 80}]"))
        .hasMessageContaining(
            "spec.ipFamilyPolicy: Invalid value: \"RequireDualStack\": this cluster is not configured"
                + " for dual-stack services");
  }

  @Test
  void serializesLikeTheApiServer() throws Exception {
    Service service = create("ports: [{port: 80}]");

    String json = KubernetesJson.JSON.writeValueAsString(service.getSpec().getPorts().get(0));

    assertThat(json).isEqualTo("{\"port\":80,\"protocol\":\"TCP\",\"targetPort\":80}");
  }

  @Test
  void anUpdateKeepsAGivenHealthCheckNodePort() {
    create(
        """
        type: LoadBalancer
        externalTrafficPolicy: Local
        healthCheckNodePort: 30000
        ports: [{port: 80}]
        """);

    Service updated =
        store.modify(
            ResourceType.SERVICE,
            "default",
            "web",
            (Service s) -> s.getMetadata().setLabels(Map.of("changed", "yes")));

    assertThat(updated.getSpec().getHealthCheckNodePort()).isEqualTo(30000);
    assertThatThrownBy(
            () ->
                create(
                    store,
                    "other",
                    """
                    type: LoadBalancer
                    externalTrafficPolicy: Local
                    healthCheckNodePort: 30000
                    ports: [{port: 80}]
                    """))
        .hasMessageContaining("spec.healthCheckNodePort")
        .hasMessageContaining("provided port is already allocated");
  }
}
