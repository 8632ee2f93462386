package dev.ksim.scenario.shell;

import dev.ksim.cluster.Cluster;
import dev.ksim.input.KsimInputException;
import dev.ksim.manifest.ManifestLoader;
import dev.ksim.view.CommandResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code kubectl edit TYPE NAME [-n NS]} as kubectl runs it: the object's YAML, under kubectl's
 * header comment, opened in an editor; the saved text applied ("deployment.apps/web edited"); an
 * unchanged or empty file cancels the edit; a file the API refuses is opened again with the errors
 * as comments at its top, and saved again unchanged it ends the edit with an error.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubectl/blob/master/pkg/cmd/util/editor/editoptions.go">editoptions.go</a>
 */
final class KubectlEdit {
  static final String HEADER =
      "# Please edit the object below. Lines beginning with a '#' will be ignored,\n"
          + "# and an empty file will abort the edit. If an error occurs while saving this file"
          + " will be\n"
          + "# reopened with the relevant failures.\n"
          + "#\n";

  private final Cluster cluster;
  private final ObjectEditor editor;

  KubectlEdit(Cluster cluster, ObjectEditor editor) {
    this.cluster = cluster;
    this.editor = editor;
  }

  /**
   * Edits the object whose YAML is {@code yaml} (as {@code kubectl get -o yaml} prints it), named
   * {@code TYPE/NAME} in kubectl's messages by {@code shown}.
   */
  CommandResult edit(String shown, String yaml) {
    String original = withoutComments(yaml);
    String presented = HEADER + yaml;
    while (true) {
      String saved = open(presented);
      String kept = withoutComments(saved);
      if (kept.isBlank()) {
        return new CommandResult("", "Edit cancelled, saved file was empty.\n", 0);
      }
      if (kept.equals(original)) {
        return new CommandResult("", "Edit cancelled, no changes made.\n", 0);
      }
      if (saved.equals(presented)) {
        return CommandResult.error("error: Edit cancelled, no valid changes were saved.\n", 1);
      }
      try {
        cluster.applyNow(
            new ManifestLoader(new ByteArrayInputStream(kept.getBytes(StandardCharsets.UTF_8)))
                .load(List.of("-")));
        return CommandResult.ok(shown + " edited\n");
      } catch (KsimInputException e) {
        presented =
            HEADER
                + "# "
                + shown
                + " was not valid:\n# * "
                + e.describe().replace("\n", "\n# ")
                + "\n#\n"
                + kept;
      }
    }
  }

  private String open(String text) {
    try {
      return editor.edit(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The text without the lines kubectl ignores (those starting with '#'). */
  private static String withoutComments(String text) {
    return text.lines().filter(l -> !l.startsWith("#")).collect(Collectors.joining("\n", "", "\n"));
  }
}
