package dev.ksim.scenario.shell.explain;

import com.google.gson.annotations.SerializedName;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.custom.Quantity;
import io.swagger.annotations.ApiModel;
import io.swagger.annotations.ApiModelProperty;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads the OpenAPI schemas of Kubernetes v1.34's types from the model classes of
 * io.kubernetes:client-java-api 25.0.0, which its generator wrote from that release's OpenAPI
 * document: each property is a field with gson's {@code @SerializedName} (its JSON name), its
 * getter carries swagger's {@code @ApiModelProperty} (description, required), the class swagger's
 * {@code @ApiModel} (the type's description). Schemas are read once per class.
 *
 * @see <a href="https://github.com/kubernetes-client/java/tree/v25.0.0/kubernetes">client-java-api
 *     25.0.0</a>
 */
public final class ModelSchemas {
  private static final String MODELS = "io.kubernetes.client.openapi.models.";

  /**
   * The prefix the Java client puts before a definition's name: its version ({@code V1}, {@code
   * V1beta2}), and before it the group where two groups define the same name ({@code CoreV1Event},
   * {@code EventsV1Event}).
   */
  private static final Pattern PREFIX = Pattern.compile("^[A-Za-z]*?V\\d+(?:(?:alpha|beta)\\d+)?");

  /**
   * The Java types the client generates for OpenAPI's scalar types and for apimachinery's
   * non-object schemas (Time and MicroTime are strings; IntOrString and Quantity have no type of
   * their own, so kubectl prints their names).
   */
  private static final Map<Class<?>, String> SCALARS =
      Map.ofEntries(
          Map.entry(String.class, "string"),
          Map.entry(byte[].class, "string"),
          Map.entry(OffsetDateTime.class, "string"),
          Map.entry(Integer.class, "integer"),
          Map.entry(Long.class, "integer"),
          Map.entry(Boolean.class, "boolean"),
          Map.entry(Double.class, "number"),
          Map.entry(Float.class, "number"),
          Map.entry(BigDecimal.class, "number"),
          Map.entry(IntOrString.class, "IntOrString"),
          Map.entry(Quantity.class, "Quantity"));

  /**
   * The fields the client types as a bare Object where Kubernetes v1.34's OpenAPI document refers
   * to a definition without properties or without a type of its own (kubectl prints its name): the
   * definition each refers to, by {@code Model.jsonName}.
   */
  private static final Map<String, String> UNTYPED =
      Map.ofEntries(
          Map.entry("V1ManagedFieldsEntry.fieldsV1", "FieldsV1"),
          Map.entry("V1ControllerRevision.data", "RawExtension"),
          Map.entry("V1OpaqueDeviceConfiguration.parameters", "RawExtension"),
          Map.entry("V1AllocatedDeviceStatus.data", "RawExtension"),
          Map.entry("V1CustomResourceSubresources.status", "CustomResourceSubresourceStatus"),
          Map.entry("V1JSONSchemaProps.additionalItems", "JSONSchemaPropsOrBool"),
          Map.entry("V1JSONSchemaProps.additionalProperties", "JSONSchemaPropsOrBool"),
          Map.entry("V1JSONSchemaProps.default", "JSON"),
          Map.entry("V1JSONSchemaProps.dependencies", "JSONSchemaPropsOrStringArray"),
          Map.entry("V1JSONSchemaProps.enum", "JSON"),
          Map.entry("V1JSONSchemaProps.example", "JSON"),
          Map.entry("V1JSONSchemaProps.items", "JSONSchemaPropsOrArray"));

  private final Map<Class<?>, ModelSchema> schemas = new ConcurrentHashMap<>();

  /** The model class called {@code simpleName} in client-java-api's models package. */
  public static Class<?> modelClass(String simpleName) {
    try {
      return Class.forName(MODELS + simpleName, false, ModelSchemas.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("client-java-api has no model " + simpleName, e);
    }
  }

  /** The last name of a model's OpenAPI definition, as kubectl prints it: {@code PodSpec}. */
  static String definitionName(Class<?> model) {
    return PREFIX.matcher(model.getSimpleName()).replaceFirst("");
  }

  /** The schema of {@code model}. */
  public ModelSchema schema(Class<?> model) {
    return schemas.computeIfAbsent(model, ModelSchemas::read);
  }

  private static ModelSchema read(Class<?> model) {
    ApiModel apiModel = model.getAnnotation(ApiModel.class);
    Map<String, ApiModelProperty> properties = new HashMap<>();
    for (Method method : model.getDeclaredMethods()) {
      ApiModelProperty property = method.getAnnotation(ApiModelProperty.class);
      if (property != null && method.getName().startsWith("get")) {
        properties.put(key(method.getName().substring(3)), property);
      }
    }
    List<ModelField> fields = new ArrayList<>();
    for (Field field : model.getDeclaredFields()) {
      SerializedName name = field.getAnnotation(SerializedName.class);
      if (name == null || Modifier.isStatic(field.getModifiers())) {
        continue;
      }
      ApiModelProperty property = properties.get(key(field.getName()));
      fields.add(
          new ModelField(
              name.value(),
              type(field.getGenericType(), model.getSimpleName() + "." + name.value()),
              property != null && property.required(),
              property == null ? null : nonEmpty(property.value())));
    }
    fields.sort(Comparator.comparing(ModelField::name));
    return new ModelSchema(apiModel == null ? null : nonEmpty(apiModel.description()), fields);
  }

  /** A field's name and its getter's, compared without case and the generator's escapes. */
  private static String key(String name) {
    return name.replaceFirst("^[_$]+", "").toLowerCase(Locale.ROOT);
  }

  private static @Nullable String nonEmpty(String text) {
    return text.isEmpty() ? null : text;
  }

  /**
   * The schema type of the field {@code where} ({@code Model.jsonName}), of Java type {@code type},
   * as kubectl's typeGuess names it.
   */
  private static FieldType type(Type type, String where) {
    if (type instanceof ParameterizedType parameterized) {
      Type[] arguments = parameterized.getActualTypeArguments();
      if (parameterized.getRawType() == List.class) {
        return new FieldType.ArrayOf(type(arguments[0], where));
      }
      if (parameterized.getRawType() == Map.class) {
        return new FieldType.MapOf(type(arguments[1], where));
      }
    } else if (type == Object.class) {
      String definition = UNTYPED.get(where);
      if (definition != null) {
        return new FieldType.Scalar(definition);
      }
    } else if (type instanceof Class<?> javaClass) {
      if (javaClass.getName().startsWith(MODELS)) {
        return new FieldType.Model(javaClass);
      }
      String scalar = SCALARS.get(javaClass);
      if (scalar != null) {
        return new FieldType.Scalar(scalar);
      }
    }
    throw new IllegalStateException("no OpenAPI type for " + where + " of Java type " + type);
  }
}
