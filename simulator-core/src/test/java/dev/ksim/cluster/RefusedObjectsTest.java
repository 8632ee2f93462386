package dev.ksim.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ksim.apiserver.ResourceType;
import dev.ksim.input.KsimInputException;
import dev.ksim.manifest.ManifestLoader;
import dev.ksim.sim.SimulationLimitException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What kube-apiserver and kubeadm refuse is refused at start-up with their messages, the file and
 * the line, before a controller or the bootstrap meets it; what controllers meet anyway (a name
 * derived from a long one) is retried as upstream's controllers retry it, not a crash.
 */
@Timeout(120)
class RefusedObjectsTest {
  private static Cluster start(String yaml) {
    return Cluster.start(ManifestLoader.parse("m.yaml", yaml), ClusterOptions.DEFAULT);
  }

  private static KsimInputException refusal(String yaml) {
    try {
      start(yaml);
    } catch (KsimInputException e) {
      return e;
    }
    throw new AssertionError("accepted: " + yaml);
  }

  private static final String SERVICE =
      """
      apiVersion: v1
      kind: Service
      metadata:
        name: web
        labels: {%s}
      spec:
        type: %s
        selector: {%s}
        ports: [{port: 80}]
      %s
      """;

  private static String service(String labels, String type, String selector, String more) {
    return SERVICE.formatted(labels, type, selector, more);
  }

  /** ValidateService: ValidateLabels on spec.selector (pkg/apis/core/validation/validation.go). */
  @Test
  void aSelectorValueThatIsNoLabelValueIsRefused() {
    KsimInputException refused = refusal(service("", "ClusterIP", "app: \"bad value!\"", ""));

    assertThat(refused.location().line()).isEqualTo(8);
    assertThat(refused)
        .hasMessageContaining(
            "The Service \"web\" is invalid: spec.selector[app]: Invalid value: \"bad value!\": a"
                + " valid label must be an empty string");
  }

  /** ValidateObjectMeta -> ValidateLabels (apimachinery/pkg/api/validation/objectmeta.go). */
  @Test
  void aLabelKeyThatIsNoQualifiedNameIsRefused() {
    assertThat(refusal(service("\"bad key!\": x", "ClusterIP", "app: web", "")))
        .hasMessageContaining("metadata.labels: Invalid value: \"bad key!\": name part must");
  }

  /** IsQualifiedName: the prefix before '/' is a DNS-1123 subdomain (util/validation). */
  @Test
  void aLabelKeyWhosePrefixIsNoSubdomainIsRefused() {
    assertThat(refusal(service("\"Bad_Prefix/app\": x", "ClusterIP", "app: web", "")))
        .hasMessageContaining(
            "metadata.labels: Invalid value: \"Bad_Prefix/app\": prefix part a lowercase RFC 1123"
                + " subdomain");
    assertThat(refusal(service("\"" + "a".repeat(254) + "/app\": x", "ClusterIP", "app: web", "")))
        .hasMessageContaining("prefix part must be no more than 253 characters");
  }

  /** ValidateService: IsValidCIDR on each spec.LoadBalancerSourceRanges entry. */
  @Test
  void aSourceRangeThatIsNoCidrIsRefused() {
    assertThat(
            refusal(
                service(
                    "",
                    "LoadBalancer",
                    "app: web",
                    "  loadBalancerSourceRanges: [\" 10.0.0.0/8 \", 10.0.0.0/33]")))
        .hasMessageContaining(
            "spec.LoadBalancerSourceRanges[1]: Invalid value: \"10.0.0.0/33\": must be a valid"
                + " CIDR value");
  }

  @Test
  void sourceRangesOnAClusterIpServiceAreRefused() {
    assertThat(
            refusal(
                service("", "ClusterIP", "app: web", "  loadBalancerSourceRanges: [10.0.0.0/8]")))
        .hasMessageContaining(
            "spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is"
                + " 'LoadBalancer'");
  }

  /** ValidateAnnotations: TotalAnnotationSizeLimitB = 256 KiB. */
  @Test
  void annotationsOverTheirTotalSizeAreRefused() {
    String big = "x".repeat(100_000);
    assertThat(
            refusal(
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  annotations: {a: "
                    + big
                    + ", b: "
                    + big
                    + ", c: "
                    + big
                    + "}\n"))
        .hasMessageContaining("metadata.annotations: Too long: may not be more than 262144 bytes");
  }

  /** ValidateConfigMap: data over core.MaxSecretSize (1 MiB). */
  @Test
  void aConfigMapOverOneMebibyteIsRefused() {
    String half = "y".repeat(600_000);
    assertThat(
            refusal(
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {a: "
                    + half
                    + ", b: "
                    + half
                    + "}\n"))
        .hasMessageContaining("[]: Too long: may not be more than 1048576 bytes");
  }

  /** ValidateNode: IsValidCIDR on spec.podCIDRs (podCIDR converts to podCIDRs[0]). */
  @Test
  void aNodePodCidrThatIsNoCidrIsRefused() {
    assertThat(
            refusal(
                "apiVersion: v1\nkind: Node\nmetadata: {name: w1}\nspec: {podCIDR: 10.244.1.0/33}\n"))
        .hasMessageContaining(
            "spec.podCIDRs[0]: Invalid value: \"10.244.1.0/33\": must be a valid CIDR value");
  }

  /** A node address the kubelet could not have reported (IsValidIP's message). */
  @Test
  void aNodeInternalIpThatIsNoAddressIsRefusedNotACrash() {
    KsimInputException refused =
        refusal(
            """
            apiVersion: v1
            kind: Node
            metadata: {name: w1}
            status:
              addresses:
              - {type: InternalIP, address: 999.1.1.1}
            """);

    assertThat(refused.location().line()).isEqualTo(6);
    assertThat(refused)
        .hasMessageContaining(
            "status.addresses[0].address: Invalid value: \"999.1.1.1\": must be a valid IP"
                + " address");
  }

  /** kubeadm ValidatePodSubnetNodeMask (cmd/kubeadm/app/apis/kubeadm/validation). */
  @Test
  void aPodSubnetSmallerThanOneNodesBlockIsRefusedAsKubeadmDoes() {
    KsimInputException refused =
        refusal(
            "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\n"
                + "networking: {podSubnet: 10.244.0.0/26}\n");

    assertThat(refused.location().line()).isEqualTo(3);
    assertThat(refused)
        .hasMessage(
            "Invalid value: \"10.244.0.0/26\": the size of pod subnet with mask 26 is smaller than"
                + " the size of node subnet with mask 24");
  }

  /** kubeadm GetDNSIP: the tenth address of the service subnet (utilnet.GetIndexedIP). */
  @Test
  void aServiceSubnetWithoutRoomForKubeDnsIsRefusedNotACrash() {
    assertThat(
            refusal(
                "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\n"
                    + "networking: {serviceSubnet: 10.96.0.0/29}\n"))
        .hasMessage(
            "unable to get internal Kubernetes Service IP from the given service CIDR: can't"
                + " generate IP with index 10 from subnet. subnet too small. subnet:"
                + " \"10.96.0.0/29\"");
  }

  /**
   * The Deployment controller names its ReplicaSet deployment name + "-" + hash; for a
   * 250-character name the API refuses it, and the controller records a ReplicaSetCreateError event
   * (sync.go) and retries with backoff and gives up, as upstream's (deployment_controller.go
   * handleErr, maxRetries 15), instead of ending the run.
   */
  @Test
  void aReplicaSetNameTheApiRefusesIsRetriedNotACrash() {
    String name = "a".repeat(250);
    Cluster cluster =
        start(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: %s}
            spec:
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers: [{name: c, image: nginx}]
            """
                .formatted(name));

    assertThat(cluster.store().list(ResourceType.DEPLOYMENT, "default")).hasSize(1);
    assertThat(cluster.store().list(ResourceType.REPLICA_SET, "default")).isEmpty();
    assertThat(cluster.store().list(ResourceType.EVENT, "default"))
        .filteredOn(e -> e.getReason().equals("ReplicaSetCreateError"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getInvolvedObject().getName()).isEqualTo(name);
              assertThat(e.getMessage()).startsWith("Failed to create new replica set \"" + name);
            });
  }

  /**
   * replicas: 2147483647 is valid; the ReplicaSet controller creates pods 500 per sync in
   * slow-start batches (replica_set.go BurstReplicas, slowStartBatch) and the run stops at ksim's
   * bound, saying where.
   */
  @Test
  void aHugeReplicaCountStopsAtTheSimulationsBoundSayingWhere() {
    assertThatThrownBy(
            () ->
                start(
                    """
                    apiVersion: apps/v1
                    kind: ReplicaSet
                    metadata: {name: web}
                    spec:
                      replicas: 2147483647
                      selector: {matchLabels: {app: web}}
                      template:
                        metadata: {labels: {app: web}}
                        spec:
                          containers: [{name: c, image: nginx}]
                    """))
        .isInstanceOf(SimulationLimitException.class)
        .hasMessage(
            "ReplicaSet default/web wants 2147483647 replicas; ksim simulates at most 5000 pods"
                + " of one ReplicaSet and stopped with 5000 created");
  }
}
