package dev.ksim.scenario.shell.explain;

import java.util.Optional;

/**
 * The type of a field as kubectl explain names it ({@code <string>}, {@code <[]Container>}, {@code
 * <map[string]string>}): a scalar, a model (an object schema of its own), or an array or map of
 * either.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/staging/src/k8s.io/kubectl/pkg/explain/v2/templates/plaintext.tmpl">the
 *     typeGuess template</a>
 */
public sealed interface FieldType
    permits FieldType.Scalar, FieldType.Model, FieldType.ArrayOf, FieldType.MapOf {

  /** The type as kubectl prints it between angle brackets. */
  String typeName();

  /**
   * The model whose description and fields kubectl shows for a field of this type (through arrays
   * and maps); empty for scalars.
   */
  Optional<Class<?>> model();

  /**
   * A type kubectl names without fields: {@code string}, {@code integer}, {@code boolean}, {@code
   * number}, or a schema of apimachinery's that is not an object ({@code IntOrString}, {@code
   * Quantity}).
   *
   * @param typeName the name kubectl prints
   */
  record Scalar(String typeName) implements FieldType {
    @Override
    public Optional<Class<?>> model() {
      return Optional.empty();
    }
  }

  /**
   * An object schema: a model class of client-java-api, printed by its OpenAPI definition's last
   * name ({@code V1PodSpec} and {@code io.k8s.api.core.v1.PodSpec} are {@code PodSpec}).
   *
   * @param modelClass the model class
   */
  record Model(Class<?> modelClass) implements FieldType {
    @Override
    public String typeName() {
      return ModelSchemas.definitionName(modelClass);
    }

    @Override
    public Optional<Class<?>> model() {
      return Optional.of(modelClass);
    }
  }

  /**
   * An array, {@code []ELEMENT}.
   *
   * @param element the type of its items
   */
  record ArrayOf(FieldType element) implements FieldType {
    @Override
    public String typeName() {
      return "[]" + element.typeName();
    }

    @Override
    public Optional<Class<?>> model() {
      return element.model();
    }
  }

  /**
   * A map with string keys, {@code map[string]VALUE}.
   *
   * @param value the type of its values
   */
  record MapOf(FieldType value) implements FieldType {
    @Override
    public String typeName() {
      return "map[string]" + value.typeName();
    }

    @Override
    public Optional<Class<?>> model() {
      return value.model();
    }
  }
}
