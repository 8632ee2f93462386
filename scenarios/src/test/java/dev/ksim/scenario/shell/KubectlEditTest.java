package dev.ksim.scenario.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.cluster.Cluster;
import dev.ksim.cluster.ClusterOptions;
import dev.ksim.manifest.Manifests;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.view.CommandResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** kubectl edit in ksim shell: the object's YAML in an editor, the saved text applied. */
@Timeout(120)
class KubectlEditTest {
  private final Cluster cluster = Cluster.start(Manifests.EMPTY, ClusterOptions.DEFAULT);
  private final Shell shell = new Shell(cluster, cluster.datapath(Recording.NONE));
  private final List<String> opened = new ArrayList<>();

  private CommandResult sh(String line) {
    return shell.runLine("", line).output();
  }

  private void editWith(ObjectEditor editor) {
    shell.useEditor(
        text -> {
          opened.add(text);
          return editor.edit(text);
        });
  }

  @Test
  void theSavedChangeIsAppliedWithKubectlsMessage() {
    sh("kubectl create deployment web --image=nginx --replicas=1");
    editWith(text -> text.replace("replicas: 1", "replicas: 3"));

    CommandResult edit = sh("kubectl edit deployment web");

    assertThat(opened.get(0)).startsWith(KubectlEdit.HEADER + "apiVersion: apps/v1\n");
    assertThat(edit.stdout()).isEqualTo("deployment.apps/web edited\n");
    assertThat(edit.exitCode()).isZero();
    assertThat(sh("kubectl get deployment web -o yaml").stdout()).contains("\n  replicas: 3\n");
  }

  @Test
  void anUnchangedOrEmptyFileCancelsTheEdit() {
    sh("kubectl create deployment web --image=nginx");
    editWith(text -> text);
    CommandResult unchanged = sh("kubectl edit deploy/web");
    editWith(text -> "# nothing left\n");
    CommandResult empty = sh("kubectl edit deploy/web");

    assertThat(unchanged.stderr()).isEqualTo("Edit cancelled, no changes made.\n");
    assertThat(unchanged.exitCode()).isZero();
    assertThat(empty.stderr()).isEqualTo("Edit cancelled, saved file was empty.\n");
  }

  @Test
  void anInvalidChangeIsReopenedWithTheErrorAndSavedAgainUnchangedItFails() {
    sh("kubectl create deployment web --image=nginx --replicas=1");
    editWith(
        text ->
            text.startsWith(KubectlEdit.HEADER + "# ")
                ? text
                : text.replace("replicas: 1", "replicas: -1"));

    CommandResult edit = sh("kubectl edit deployment web");

    assertThat(opened).hasSize(2);
    assertThat(opened.get(1))
        .startsWith(KubectlEdit.HEADER + "# deployment.apps/web was not valid:\n# * ")
        .contains("replicas: -1");
    assertThat(edit.stderr()).isEqualTo("error: Edit cancelled, no valid changes were saved.\n");
    assertThat(edit.exitCode()).isEqualTo(1);
  }

  @Test
  void withoutAnEditorAsInAScenarioEditIsRefusedWithAHint() {
    sh("kubectl create deployment web --image=nginx");

    ShellResult edit = shell.runLine("", "kubectl edit deployment web");

    assertThat(edit.unsupported()).isTrue();
    assertThat(edit.output().stderr()).contains("edit: step");
  }
}
