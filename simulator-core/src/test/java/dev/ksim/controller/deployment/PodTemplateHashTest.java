package dev.ksim.controller.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.manifest.KubernetesJson;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodTemplateHashTest {
  private static PodSpec spec(String image, int port) {
    return new PodSpecBuilder()
        .addNewContainer()
        .withName("web")
        .withImage(image)
        .addNewPort()
        .withContainerPort(port)
        .endPort()
        .withNewReadinessProbe()
        .withNewHttpGet()
        .withPath("/")
        .withPort(new IntOrString(port))
        .endHttpGet()
        .endReadinessProbe()
        .endContainer()
        .withRestartPolicy("Always")
        .withTerminationGracePeriodSeconds(30L)
        .build();
  }

  private static PodTemplateSpec template(String app, PodSpec spec) {
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(Map.of("app", app))
        .endMetadata()
        .withSpec(spec)
        .build();
  }

  /** The hash of the template's whole text, as Jackson writes it with no spec remembered. */
  private static String written(PodTemplateSpec template, int collisions) throws Exception {
    return PodTemplateHash.ofJson(KubernetesJson.JSON.writeValueAsString(template), collisions);
  }

  @Test
  void aSpecEqualToTheLastIsHashedAsItsOwnTextWouldBe() throws Exception {
    List<PodTemplateSpec> templates = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      // equal specs, distinct objects, under labels of their own
      templates.add(template("app-" + i, spec("nginx", 80)));
    }
    PodSpec other = spec("nginx:1.27", 8080);
    templates.add(template("other", other));
    templates.add(template("app-0", spec("nginx", 80)));
    templates.add(template("other-again", other));
    for (PodTemplateSpec template : templates) {
      for (int collisions : new int[] {0, 1, 12}) {
        assertThat(PodTemplateHash.of(template, collisions))
            .as("%s, %d collisions", template.getMetadata().getLabels(), collisions)
            .isEqualTo(written(template, collisions));
      }
    }
  }

  @Test
  void templatesOfOtherShapesHashAsTheirWholeText() throws Exception {
    PodTemplateSpec noMetadata = new PodTemplateSpec(null, spec("nginx", 80));
    PodTemplateSpec noSpec = new PodTemplateSpecBuilder().withNewMetadata().endMetadata().build();
    PodTemplateSpec extra = template("extra", spec("nginx", 80));
    extra.setAdditionalProperty("x-extra", "value");
    for (PodTemplateSpec template : List.of(noMetadata, noSpec, extra)) {
      assertThat(PodTemplateHash.of(template, 0)).isEqualTo(written(template, 0));
    }
  }

  @Test
  void differentSpecsHashDifferently() {
    assertThat(PodTemplateHash.of(template("a", spec("nginx", 80)), 0))
        .isNotEqualTo(PodTemplateHash.of(template("a", spec("nginx", 81)), 0))
        .isEqualTo(PodTemplateHash.of(template("a", spec("nginx", 80)), 0));
  }
}
