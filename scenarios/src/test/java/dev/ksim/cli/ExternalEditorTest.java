package dev.ksim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The editor kubectl edit runs: picked as kubectl picks it, run on a temporary file. */
class ExternalEditorTest {
  @Test
  void kubeEditorComesBeforeEditorAndViIsTheLastResort() {
    assertThat(ExternalEditor.of(Map.of("KUBE_EDITOR", "nano -w", "EDITOR", "vim")).command())
        .containsExactly("nano", "-w");
    assertThat(ExternalEditor.of(Map.of("EDITOR", "vim")).command()).containsExactly("vim");
    assertThat(ExternalEditor.of(Map.of()).command()).containsExactly("vi");
  }

  @Test
  void aScriptAsTheEditorChangesTheFileThatIsReadBack() throws IOException {
    ExternalEditor editor =
        new ExternalEditor(List.of("sh", "-c", "sed -i 's/replicas: 1/replicas: 3/' \"$0\""));

    assertThat(editor.edit("spec:\n  replicas: 1\n")).isEqualTo("spec:\n  replicas: 3\n");
  }
}
