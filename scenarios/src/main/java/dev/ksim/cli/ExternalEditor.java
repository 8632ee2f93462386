package dev.ksim.cli;

import dev.ksim.scenario.shell.ObjectEditor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The editor {@code kubectl edit} opens, as kubectl picks it: {@code KUBE_EDITOR}, else {@code
 * EDITOR}, else {@code vi}; a value with spaces is a command and its arguments. It edits a
 * temporary {@code kubectl-edit-*.yaml} file on the terminal ksim runs on.
 *
 * @param command the editor's command and arguments, the file's path to be added
 * @see <a
 *     href="https://github.com/kubernetes/kubectl/blob/master/pkg/cmd/util/editor/editor.go">editor.go</a>
 */
record ExternalEditor(List<String> command) implements ObjectEditor {
  ExternalEditor {
    command = List.copyOf(command);
  }

  /** The editor {@code environment} names. */
  static ExternalEditor of(Map<String, String> environment) {
    String editor = environment.getOrDefault("KUBE_EDITOR", "");
    if (editor.isBlank()) {
      editor = environment.getOrDefault("EDITOR", "");
    }
    if (editor.isBlank()) {
      editor = "vi";
    }
    return new ExternalEditor(List.of(editor.strip().split(" +")));
  }

  @Override
  public String edit(String text) throws IOException {
    Path file = Files.createTempFile("kubectl-edit-", ".yaml");
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
      List<String> run = new ArrayList<>(command);
      run.add(file.toString());
      Process editor = new ProcessBuilder(run).inheritIO().start();
      try {
        int status = editor.waitFor();
        if (status != 0) {
          throw new IOException("editor " + String.join(" ", command) + " exited " + status);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while editing", e);
      }
      return Files.readString(file, StandardCharsets.UTF_8);
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
