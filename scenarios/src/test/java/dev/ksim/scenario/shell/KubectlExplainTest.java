package dev.ksim.scenario.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ksim.cluster.Cluster;
import dev.ksim.cluster.ClusterOptions;
import dev.ksim.manifest.Manifests;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.scenario.shell.explain.ApiDiscovery;
import dev.ksim.scenario.shell.explain.ApiResource;
import dev.ksim.view.CommandResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code kubectl explain} against kubectl v1.34's explain v2 plaintext output (the format of
 * staging/src/k8s.io/kubectl/pkg/explain/v2/templates/plaintext.tmpl at v1.34.2; goldens in
 * golden/kubectl-v1.34-explain, whose README says how each was checked) and kubectl's resource
 * resolution and error texts (pkg/explain/explain.go, pkg/cmd/util/helpers.go).
 */
class KubectlExplainTest {
  private static CommandResult explain(String line) {
    return new KubectlExplain().explain(Arrays.asList(("explain " + line).split(" ")));
  }

  private static String golden(String name) throws IOException {
    try (InputStream in =
        KubectlExplainTest.class.getResourceAsStream("/golden/kubectl-v1.34-explain/" + name)) {
      return new String(Objects.requireNonNull(in, name).readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @ParameterizedTest(name = "kubectl explain {0}")
  @CsvSource({
    "pods, pods.txt",
    "svc.spec.ports, svc.spec.ports.txt",
    "deploy.spec --recursive, deploy.spec--recursive.txt"
  })
  void printsAsKubectlDoes(String arguments, String golden) throws IOException {
    CommandResult result = explain(arguments);

    assertThat(result.stdout()).isEqualTo(golden(golden));
    assertThat(result.stderr()).isEmpty();
    assertThat(result.exitCode()).isZero();
  }

  @Test
  void aScalarFieldIsWhatARealKubectlPrinted() {
    assertThat(explain("pod.spec.containers.ports.containerPort").stdout())
        .isEqualTo(
            "KIND:       Pod\n"
                + "VERSION:    v1\n"
                + "\n"
                + "FIELD: containerPort <integer>\n"
                + "\n"
                + "\n"
                + "DESCRIPTION:\n"
                + "    Number of port to expose on the pod's IP address. This must be a valid port\n"
                + "    number, 0 < x < 65536.\n"
                + "    \n"
                + "\n");
  }

  @Test
  void fieldsCarryTheirTypesRequiredMarksAndTheApiReferencesDescriptions() {
    String ports = explain("services.spec.ports").stdout();
    String spec = explain("svc.spec").stdout();

    assertThat(ports)
        .contains(
            "  port\t<integer> -required-\n    The port that will be exposed by this service.\n")
        .contains("  targetPort\t<IntOrString>\n")
        .contains("  protocol\t<string>\n");
    assertThat(spec)
        .contains("FIELD: spec <ServiceSpec>\n")
        .contains("  ports\t<[]ServicePort>\n")
        .contains("  selector\t<map[string]string>\n")
        .contains(
            "  clusterIP\t<string>\n"
                + "    clusterIP is the IP address of the service and is usually assigned randomly.\n"
                + "    If an address is specified manually, is in-range (as per system\n");
  }

  @Test
  void aFieldShowsItsOwnDescriptionThenItsTypes() {
    assertThat(explain("pods.spec.containers").stdout())
        .contains("FIELD: containers <[]Container>\n\n\nDESCRIPTION:\n    List of containers")
        .contains("\n    A single application container that you want to run within a pod.\n")
        .contains("  name\t<string> -required-\n");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "po, Pod, v1",
    "Pod, Pod, v1",
    "service, Service, v1",
    "deployments.apps, Deployment, v1",
    "sts, StatefulSet, v1",
    "ep, Endpoints, v1",
    "events, Event, v1",
    "netpol, NetworkPolicy, v1",
    "hpa, HorizontalPodAutoscaler, v2"
  })
  void resolvesNamesAsDiscoveryDoes(String name, String kind, String version) {
    String out = explain(name).stdout();

    assertThat(out).contains("KIND:       " + kind + "\nVERSION:    " + version + "\n");
    assertThat(out.startsWith("GROUP:"))
        .isEqualTo(!List.of("Pod", "Service", "Endpoints", "Event").contains(kind));
  }

  @Test
  void aGroupQualifiedNameLeavesTheGroupOutOfTheFieldPath() {
    assertThat(explain("deployments.apps.spec.replicas").stdout())
        .startsWith("GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\n")
        .contains("FIELD: replicas <integer>\n");
  }

  @Test
  void apiVersionChoosesTheVersionOfTheGroup() {
    assertThat(explain("hpa.spec --api-version=autoscaling/v1").stdout())
        .startsWith(
            "GROUP:      autoscaling\nKIND:       HorizontalPodAutoscaler\nVERSION:    v1\n")
        .contains("  targetCPUUtilizationPercentage\t<integer>\n");
    assertThat(explain("hpa.spec --api-version autoscaling/v2").stdout())
        .contains("VERSION:    v2\n")
        .contains("  metrics\t<[]MetricSpec>\n");
  }

  @Test
  void failsWithKubectlsMessages() {
    CommandResult unknownResource = explain("pizza");
    CommandResult unknownField = explain("pods.spec.nosuch.deeper");
    CommandResult throughAScalar = explain("svc.spec.clusterIP.x");
    CommandResult noVersion = explain("deploy --api-version=apps/v1beta1");
    CommandResult notInVersion = explain("pods --api-version=apps/v1");

    assertThat(unknownResource.stderr())
        .isEqualTo("error: the server doesn't have a resource type \"pizza\"\n");
    assertThat(unknownResource.stdout()).isEmpty();
    assertThat(unknownField.stdout()).isEqualTo("KIND:       Pod\nVERSION:    v1\n\n");
    assertThat(unknownField.stderr()).isEqualTo("error: field \"deeper\" does not exist\n");
    assertThat(throughAScalar.stderr()).isEqualTo("error: field \"x\" does not exist\n");
    assertThat(noVersion.stderr())
        .isEqualTo("error: couldn't find resource for \"apps/v1beta1, Resource=deployments\"\n");
    assertThat(notInVersion.stderr())
        .isEqualTo("error: GVR (apps/v1, Resource=pods) not found in OpenAPI schema\n");
    assertThat(explain("").stderr())
        .isEqualTo(
            "error: You must specify the type of resource to explain. Use \"kubectl"
                + " api-resources\" for a complete list of supported resources.\n");
    assertThat(explain("pods svc").stderr())
        .isEqualTo("error: We accept only this format: explain RESOURCE\n");
    assertThat(
            List.of(unknownResource, unknownField, throughAScalar, noVersion, notInVersion).stream()
                .map(CommandResult::exitCode))
        .containsOnly(1);
  }

  @Test
  void anOptionKsimDoesNotSimulateIsRefused() {
    assertThatThrownBy(() -> explain("pods --output=plaintext-openapiv2"))
        .isInstanceOf(UnsupportedCommandException.class)
        .hasMessageContaining("plaintext-openapiv2");
  }

  @Test
  void everyServedResourceExplainsRecursively() {
    for (ApiResource resource : ApiDiscovery.kubernetes134().resources()) {
      CommandResult result =
          explain(resource.plural() + " --recursive --api-version=" + apiVersion(resource));

      assertThat(result.exitCode()).as(resource.toString()).isZero();
      assertThat(result.stdout())
          .as(resource.toString())
          .contains("KIND:       " + resource.kind() + "\nVERSION:    " + resource.version() + "\n")
          .contains("\nFIELDS:\n")
          .contains("\n  apiVersion\t<string>\n");
    }
  }

  private static String apiVersion(ApiResource resource) {
    return resource.group().isEmpty()
        ? resource.version()
        : resource.group() + "/" + resource.version();
  }

  @Test
  @Timeout(120)
  void runsInTheShellWithItsPipes() {
    Cluster cluster = Cluster.start(Manifests.EMPTY, ClusterOptions.DEFAULT);
    Shell shell = new Shell(cluster, cluster.datapath(Recording.NONE));

    CommandResult result = shell.runLine("", "kubectl explain svc.spec | grep -c '<'").output();

    assertThat(result.stdout()).isEqualTo(explainedFieldCount() + "\n");
  }

  private static long explainedFieldCount() {
    return explain("svc.spec").stdout().lines().filter(l -> l.contains("<")).count();
  }
}
