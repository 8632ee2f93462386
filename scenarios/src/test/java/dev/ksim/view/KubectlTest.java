package dev.ksim.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.cluster.Cluster;
import dev.ksim.cluster.ClusterOptions;
import dev.ksim.manifest.ManifestLoader;
import dev.ksim.testing.Golden;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * kubectl's views of the first tutorial's cluster, against golden files whose layout follows
 * kubectl 1.34's printers (column sets, three-space padding, {@code <none>}, kind prefixes when
 * several kinds are listed) as the tutorials' transcripts show them.
 */
@Timeout(60)
class KubectlTest {
  private static Cluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    String yaml = java.nio.file.Files.readString(java.nio.file.Path.of("../examples/nginx.yaml"));
    cluster = Cluster.start(ManifestLoader.parse("nginx.yaml", yaml), ClusterOptions.DEFAULT);
  }

  private static CommandResult kubectl(String... args) {
    return new Kubectl(cluster).run(List.of(args));
  }

  @Test
  void getsServicesEndpointsAndPodsWide() {
    CommandResult result = kubectl("get", "svc,ep,pods", "-o", "wide");

    assertThat(result.exitCode()).isZero();
    Golden.assertMatches("nginx.get-svc-ep-pods-wide.txt", result.stdout());
  }

  @Test
  void getsAllInAllNamespaces() {
    Golden.assertMatches("nginx.get-all-A.txt", kubectl("get", "all", "-A").stdout());
  }

  @Test
  void describesAService() {
    Golden.assertMatches("nginx.describe-svc.txt", kubectl("describe", "svc", "nginx").stdout());
  }

  @Test
  void describesAPendingPodWithTheSchedulersReason() {
    String pending =
        kubectl("get", "pods", "--no-headers")
            .stdout()
            .lines()
            .filter(l -> l.contains("Pending"))
            .map(l -> l.split(" ")[0])
            .findFirst()
            .orElseThrow();

    String out = kubectl("describe", "pod", pending).stdout();

    assertThat(out)
        .contains("Status:")
        .contains("Pending")
        .contains("FailedScheduling")
        .contains("didn't match pod anti-affinity rules");
  }

  @Test
  void getsNodesWide() {
    Golden.assertMatches(
        "nginx.get-nodes-wide.txt", kubectl("get", "nodes", "-o", "wide").stdout());
  }

  @Test
  void printsNames() {
    assertThat(kubectl("get", "deploy,svc", "-o", "name").stdout())
        .isEqualTo("deployment.apps/nginx\nservice/kubernetes\nservice/nginx\n");
  }

  @Test
  void printsOneObjectAsYamlWithSortedKeys() {
    String yaml = kubectl("get", "svc", "nginx", "-o", "yaml").stdout();

    assertThat(yaml).startsWith("apiVersion: v1\nkind: Service\nmetadata:\n");
    assertThat(yaml)
        .contains("  clusterIP: ")
        .contains("  ipFamilyPolicy: SingleStack\n")
        .contains("    targetPort: 80\n")
        .doesNotContain("additionalProperties");
  }

  @Test
  void printsSeveralObjectsAsAJsonList() {
    String json = kubectl("get", "svc", "-o", "json").stdout();

    assertThat(json).startsWith("{\n    \"apiVersion\": \"v1\",\n    \"items\": [\n");
    assertThat(json)
        .endsWith(
            "    \"kind\": \"List\",\n    \"metadata\": {\n        \"resourceVersion\": \"\"\n    }\n}\n");
  }

  @Test
  void filtersByLabelAndShowsLabels() {
    String out =
        kubectl("get", "pods", "-n", "kube-system", "-l", "k8s-app=kube-dns", "--show-labels")
            .stdout();

    assertThat(out.lines()).hasSize(3);
    assertThat(out.lines().skip(1))
        .allMatch(
            l ->
                l.startsWith("coredns-")
                    && l.endsWith("k8s-app=kube-dns,pod-template-hash=" + l.split("-")[1]));
  }

  @Test
  void reportsAMissingObjectAsKubectlDoes() {
    CommandResult result = kubectl("get", "svc", "nope");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr())
        .isEqualTo("Error from server (NotFound): services \"nope\" not found\n");
  }

  @Test
  void reportsAnUnknownResourceType() {
    CommandResult result = kubectl("get", "widgets");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr())
        .isEqualTo("error: the server doesn't have a resource type \"widgets\"\n");
  }

  @Test
  void saysSoWhenNothingIsFound() {
    CommandResult result = kubectl("get", "statefulsets");

    assertThat(result.stdout()).isEmpty();
    assertThat(result.stderr()).isEqualTo("No resources found in default namespace.\n");
  }

  /**
   * The generic printers print an empty List rather than "No resources found": checked against
   * kubectl 1.32 talking to a stub API server that lists no pods (upstream: get.go printGeneric).
   */
  @Test
  void printsAnEmptyListInTheGenericFormats() {
    CommandResult json = kubectl("get", "statefulsets", "-o", "json");
    CommandResult yaml = kubectl("get", "statefulsets", "-o", "yaml");
    CommandResult name = kubectl("get", "statefulsets", "-o", "name");

    assertThat(json.stdout())
        .isEqualTo(
            """
            {
                "apiVersion": "v1",
                "items": [],
                "kind": "List",
                "metadata": {
                    "resourceVersion": ""
                }
            }
            """);
    assertThat(yaml.stdout())
        .isEqualTo(
            """
            apiVersion: v1
            items: []
            kind: List
            metadata:
              resourceVersion: ""
            """);
    assertThat(name.stdout()).isEmpty();
    assertThat(List.of(json, yaml, name))
        .allSatisfy(
            r -> {
              assertThat(r.stderr()).isEmpty();
              assertThat(r.exitCode()).isZero();
            });
  }

  @Test
  void saysPlainlyWhatItDoesNotModel() {
    CommandResult result = kubectl("logs", "nginx");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr()).contains("ksim does not model `kubectl logs`");
  }

  @Test
  void getsEventsWithKubectlsColumns() {
    CommandResult result = kubectl("get", "events");

    assertThat(result.stdout().lines().findFirst().orElseThrow())
        .matches("LAST SEEN +TYPE +REASON +OBJECT +MESSAGE");
    assertThat(result.stdout())
        .containsPattern(
            "\\d+s +Normal +ScalingReplicaSet +deployment/nginx +Scaled up replica set"
                + " nginx-\\S+ from 0 to 3\n")
        .containsPattern("Normal +SuccessfulCreate +replicaset/nginx-\\S+ +Created pod: nginx-")
        .containsPattern("Normal +Started +pod/nginx-\\S+ +Started container nginx\n")
        .containsPattern("Warning +FailedScheduling +pod/nginx-\\S+ +0/3 nodes are available");
  }

  @Test
  void getsEventsOfAllNamespacesWithTheNamespaceFirst() {
    assertThat(kubectl("get", "ev", "-A").stdout())
        .startsWith("NAMESPACE     LAST SEEN   TYPE ")
        .contains("\ndefault       3s          Normal    Scheduled ");
  }

  /**
   * A running pod as kubectl 1.34's describePod writes it (describe.go, read at v1.34.2):
   * containers with state, readiness and restarts, conditions with their trailing spaces, QoS
   * class, the DefaultTolerationSeconds tolerations and the kubelet's and scheduler's events.
   */
  @Test
  void describesARunningPodAsKubectlDoes() {
    String running =
        kubectl("get", "pods", "--no-headers")
            .stdout()
            .lines()
            .filter(l -> l.contains("Running"))
            .map(l -> l.split(" ")[0])
            .findFirst()
            .orElseThrow();

    Golden.assertMatches("nginx.describe-pod.txt", kubectl("describe", "pod", running).stdout());
  }

  @Test
  void printsTimestampsQuotedInYamlAsGoYamlDoes() {
    assertThat(kubectl("get", "svc", "nginx", "-o", "yaml").stdout())
        .contains("  creationTimestamp: \"2026-01-01T00:00:00Z\"\n");
  }

  @Test
  void jsonpathOnAListSeesItsItems() {
    CommandResult result =
        kubectl(
            "get",
            "nodes",
            "-o",
            "jsonpath={.items[*].status.addresses[?(@.type==\"InternalIP\")].address}");

    assertThat(result.exitCode()).isZero();
    assertThat(result.stdout()).isEqualTo("192.168.80.100 192.168.80.101 192.168.80.102");
  }

  @Test
  void jsonpathOnOneObjectSeesTheObject() {
    assertThat(
            kubectl(
                    "get",
                    "node",
                    "k8s-node01",
                    "--output=jsonpath={.metadata.name}{\"\\t\"}{.status.nodeInfo.kubeletVersion}")
                .stdout())
        .isEqualTo("k8s-node01\tv1.34.2");
  }

  @Test
  void customColumnsPrintARowPerObject() {
    CommandResult result =
        kubectl(
            "get",
            "nodes",
            "-o",
            "custom-columns=NAME:.metadata.name,IP:.status.addresses[?(@.type==\"InternalIP\")].address,"
                + "MISSING:.spec.nothing");

    assertThat(result.stdout())
        .isEqualTo(
            """
            NAME         IP               MISSING
            k8s-master   192.168.80.100   <none>
            k8s-node01   192.168.80.101   <none>
            k8s-node02   192.168.80.102   <none>
            """);
    assertThat(
            kubectl("get", "nodes", "--no-headers", "-o=custom-columns=N:.metadata.name").stdout())
        .isEqualTo("k8s-master\nk8s-node01\nk8s-node02\n");
  }

  @Test
  void jsonpathOnNothingFoundPrintsTheEmptyList() {
    CommandResult result = kubectl("get", "pods", "-n", "nowhere", "-o", "jsonpath={.items}");

    assertThat(result.stdout()).isEqualTo("[]");
    assertThat(result.stderr()).isEmpty();
  }

  @Test
  void anUnknownFormatOrATemplateErrorExitsOne() {
    CommandResult unknown = kubectl("get", "nodes", "-o", "go-template={{.kind}}");
    CommandResult unclosed = kubectl("get", "nodes", "-o", "jsonpath={.kind");

    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.stderr())
        .isEqualTo(
            "error: unable to match a printer suitable for the output format"
                + " \"go-template={{.kind}}\", allowed formats are:"
                + " custom-columns,json,jsonpath,name,wide,yaml\n");
    assertThat(unclosed.stderr())
        .isEqualTo("error: error parsing jsonpath {.kind, unclosed action\n");
    assertThat(kubectl("get", "nodes", "-o", "jsonpath").stderr())
        .isEqualTo("error: template format specified but no template given\n");
    // kubectl 1.32: an empty template after "=" is no template either
    assertThat(kubectl("get", "nodes", "-o", "jsonpath=").stderr())
        .isEqualTo("error: template format specified but no template given\n");
  }
}
