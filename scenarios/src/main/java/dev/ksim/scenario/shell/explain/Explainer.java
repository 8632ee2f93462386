package dev.ksim.scenario.shell.explain;

import dev.ksim.view.CommandResult;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Prints a resource's or a field's documentation as kubectl v1.34's default explain (v2, the
 * plaintext template over OpenAPI v3) does: the GROUP, KIND and VERSION header, for a field its
 * FIELD line, the DESCRIPTION (the field's own description, then its type's), and the FIELDS with
 * their types, {@code -required-} marks and descriptions, or with {@code --recursive} the whole
 * tree of field names and types, each nested model expanded once per path. A field path that does
 * not exist leaves the header printed and fails as kubectl does, naming the path's last field.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/staging/src/k8s.io/kubectl/pkg/explain/v2/templates/plaintext.tmpl">plaintext.tmpl</a>
 */
public final class Explainer {
  private static final int WIDTH = 78;

  private final ModelSchemas schemas;

  public Explainer(ModelSchemas schemas) {
    this.schemas = schemas;
  }

  /** {@code kubectl explain} of {@code resource}, down {@code path}, optionally recursive. */
  public CommandResult explain(ApiResource resource, List<String> path, boolean recursive) {
    StringBuilder out = new StringBuilder();
    if (!resource.group().isEmpty()) {
      out.append("GROUP:      ").append(resource.group()).append('\n');
    }
    out.append("KIND:       ").append(resource.kind()).append('\n');
    out.append("VERSION:    ").append(resource.version()).append("\n\n");
    FieldType type = new FieldType.Model(ModelSchemas.modelClass(resource.model()));
    StringBuilder description = new StringBuilder();
    for (String name : path) {
      Optional<ModelField> field = type.model().flatMap(m -> schemas.schema(m).field(name));
      if (field.isEmpty()) {
        return new CommandResult(
            out.toString(),
            "error: field \"" + path.get(path.size() - 1) + "\" does not exist\n",
            1);
      }
      type = field.get().type();
      description.setLength(0);
      String own = field.get().description();
      if (own != null) {
        description.append(own).append('\n');
      }
    }
    if (!path.isEmpty()) {
      out.append("FIELD: ")
          .append(path.get(path.size() - 1))
          .append(" <")
          .append(type.typeName())
          .append(">\n\n\n");
    }
    Optional<ModelSchema> schema = type.model().map(schemas::schema);
    schema.map(ModelSchema::description).ifPresent(d -> description.append(d).append('\n'));
    String text = description.length() == 0 ? "<empty>" : description.toString();
    out.append("DESCRIPTION:\n").append(WordWrap.indent(4, WordWrap.wrap(WIDTH - 2, text)));
    out.append('\n');
    if (schema.isPresent() && !schema.get().fields().isEmpty()) {
      out.append("FIELDS:\n");
      if (recursive) {
        tree(out, schema.get(), 1, new HashSet<>());
      } else {
        list(out, schema.get());
      }
    }
    return CommandResult.ok(out.append('\n').toString());
  }

  /** Each field with its description, wrapped to kubectl's width under the field's line. */
  private static void list(StringBuilder out, ModelSchema schema) {
    for (ModelField field : schema.fields()) {
      line(out, field, 1);
      String description = field.description();
      out.append(
              WordWrap.indent(
                  4,
                  WordWrap.wrap(WIDTH - 2, description == null ? "<no description>" : description)))
          .append("\n\n");
    }
  }

  /**
   * Each field's line and below it its type's fields, a level deeper; a model already expanded on
   * the way down is not expanded again (kubectl's template keeps the refs it followed).
   */
  private void tree(StringBuilder out, ModelSchema schema, int level, Set<Class<?>> above) {
    for (ModelField field : schema.fields()) {
      line(out, field, level);
      Optional<Class<?>> model = field.type().model();
      if (model.isPresent() && !above.contains(model.get())) {
        Set<Class<?>> path = new HashSet<>(above);
        path.add(model.get());
        tree(out, schemas.schema(model.get()), level + 1, path);
      }
    }
  }

  private static void line(StringBuilder out, ModelField field, int level) {
    out.append(WordWrap.indent(level * 2, field.name()))
        .append("\t<")
        .append(field.type().typeName())
        .append('>');
    if (field.required()) {
      out.append(" -required-");
    }
    out.append('\n');
  }
}
