package dev.ksim.scenario.shell;

import java.io.IOException;

/** What {@code kubectl edit} opens an object's YAML in: a person's editor, or a test's function. */
@FunctionalInterface
public interface ObjectEditor {
  /** The text as saved after editing {@code text}. */
  String edit(String text) throws IOException;
}
