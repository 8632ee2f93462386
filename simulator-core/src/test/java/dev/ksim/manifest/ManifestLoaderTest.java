package dev.ksim.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ksim.apiserver.ResourceType;
import dev.ksim.input.KsimInputException;
import org.junit.jupiter.api.Test;

class ManifestLoaderTest {
  @Test
  void readsEveryDocumentAndDefaultsTheNamespace() {
    Manifests manifests =
        ManifestLoader.parse(
            "app.yaml",
            """
            apiVersion: v1
            kind: Namespace
            metadata: {name: dev}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: settings}
            data: {a: b}
            """);

    assertThat(manifests.objects())
        .extracting(ObjectManifest::type)
        .containsExactly(ResourceType.NAMESPACE, ResourceType.CONFIG_MAP);
    assertThat(manifests.objects().get(0).object().getMetadata().getNamespace()).isNull();
    assertThat(manifests.objects().get(1).object().getMetadata().getNamespace())
        .isEqualTo("default");
    assertThat(manifests.objects().get(1).document().line()).isEqualTo(5);
  }

  @Test
  void malformedYamlNamesTheLine() {
    assertThatThrownBy(
            () ->
                ManifestLoader.parse(
                    "bad.yaml",
                    "apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n    bad: [\n"))
        .isInstanceOf(KsimInputException.class)
        .satisfies(e -> assertThat(((KsimInputException) e).location().line()).isEqualTo(5))
        .hasMessageStartingWith("error converting YAML to JSON: yaml: line 5:");
  }

  @Test
  void anUnknownKindIsAnErrorAtItsLine() {
    assertThatThrownBy(
            () ->
                ManifestLoader.parse(
                    "x.yaml",
                    "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {containers: [{name: a, image: b}]}\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n"))
        .isInstanceOf(KsimInputException.class)
        .hasMessageContaining("no matches for kind \"Widget\" in version \"example.com/v1\"")
        .satisfies(
            e -> assertThat(((KsimInputException) e).describe()).startsWith("x.yaml:7: kind: "));
  }

  @Test
  void aValueOfTheWrongTypeNamesTheField() {
    assertThatThrownBy(
            () ->
                ManifestLoader.parse(
                    "svc.yaml",
                    "apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec:\n  ports:\n  - port: eighty\n"))
        .isInstanceOf(KsimInputException.class)
        .satisfies(e -> assertThat(((KsimInputException) e).location().line()).isEqualTo(6))
        .hasMessageContaining("ValidationError(Service.spec.ports[0].port)");
  }

  @Test
  void unknownFieldsAreWarnedAboutWithValidateWarn() {
    Manifests manifests =
        ManifestLoader.parse(
            "svc.yaml",
            "apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec:\n  ports: [{port: 80}]\n  selectr: {app: a}\n",
            FieldValidation.WARN);

    assertThat(manifests.warnings())
        .containsExactly("svc.yaml:6: Warning: unknown field \"spec.selectr\"");
  }

  @Test
  void expandsAList() {
    Manifests manifests =
        ManifestLoader.parse(
            "list.yaml",
            """
            apiVersion: v1
            kind: List
            items:
            - apiVersion: v1
              kind: ConfigMap
              metadata: {name: one}
            - apiVersion: v1
              kind: ConfigMap
              metadata: {name: two}
            """);

    assertThat(manifests.objects())
        .extracting(m -> m.object().getMetadata().getName())
        .containsExactly("one", "two");
    assertThat(manifests.objects().get(1).document().locate("metadata.name").line()).isEqualTo(9);
  }

  @Test
  void separatesConfigurationDocuments() {
    Manifests manifests =
        ManifestLoader.parse(
            "cluster.yaml",
            """
            apiVersion: kubeadm.k8s.io/v1beta4
            kind: ClusterConfiguration
            networking: {podSubnet: 10.10.0.0/16}
            ---
            apiVersion: kubeproxy.config.k8s.io/v1alpha1
            kind: KubeProxyConfiguration
            mode: iptables
            """);

    assertThat(manifests.objects()).isEmpty();
    assertThat(manifests.clusterConfigurations()).hasSize(1);
    assertThat(manifests.kubeProxyConfigurations()).hasSize(1);
  }
}
