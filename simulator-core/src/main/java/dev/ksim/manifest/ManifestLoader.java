package dev.ksim.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.input.SourceLocation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads manifests as {@code kubectl apply -f} does: files, directories (their .yaml, .yml and .json
 * files in name order) and {@code -} for standard input; multi-document YAML and {@code kind:
 * List}. Each document becomes a typed Kubernetes object or a configuration document; an unknown
 * kind or apiVersion, malformed YAML or a value of the wrong type is an error that names the file
 * and line.
 */
public final class ManifestLoader {
  private static final String CLUSTER_CONFIGURATION = "ClusterConfiguration";
  private static final String KUBE_PROXY_CONFIGURATION = "KubeProxyConfiguration";
  private static final Set<String> KUBEADM_VERSIONS =
      Set.of("kubeadm.k8s.io/v1beta3", "kubeadm.k8s.io/v1beta4");
  private static final Set<String> IGNORED_KUBEADM_KINDS =
      Set.of(
          "InitConfiguration", "JoinConfiguration", "ResetConfiguration", "UpgradeConfiguration");

  private final InputStream stdin;
  private final FieldValidation validation;

  /** A loader that refuses unknown fields, as kubectl's default {@code --validate=strict}. */
  public ManifestLoader(InputStream stdin) {
    this(stdin, FieldValidation.STRICT);
  }

  public ManifestLoader(InputStream stdin, FieldValidation validation) {
    this.stdin = stdin;
    this.validation = validation;
  }

  /** Reads every path in order. */
  public Manifests load(List<String> paths) {
    Manifests result = Manifests.EMPTY;
    for (String path : paths) {
      result = result.plus(loadPath(path));
    }
    return result;
  }

  private Manifests loadPath(String path) {
    if (path.equals("-")) {
      try {
        return parse("-", TextFiles.read("-", stdin), validation);
      } catch (IOException e) {
        throw new ManifestException(
            new SourceLocation("-", 0, null), "cannot read: " + e.getMessage());
      }
    }
    Path file;
    try {
      file = Path.of(path);
    } catch (java.nio.file.InvalidPathException e) {
      throw new ManifestException(
          new SourceLocation(path, 0, null), "the path \"" + path + "\" does not exist");
    }
    if (Files.isDirectory(file)) {
      List<Path> files;
      try (Stream<Path> list = Files.list(file)) {
        files =
            list.filter(
                    p -> {
                      String name = p.getFileName().toString();
                      return name.endsWith(".yaml")
                          || name.endsWith(".yml")
                          || name.endsWith(".json");
                    })
                .sorted()
                .collect(Collectors.toList());
      } catch (IOException e) {
        throw new ManifestException(
            new SourceLocation(path, 0, null), "cannot read directory: " + e.getMessage());
      }
      Manifests result = Manifests.EMPTY;
      for (Path f : files) {
        result = result.plus(loadPath(f.toString()));
      }
      return result;
    }
    return parse(path, TextFiles.read(file), validation);
  }

  /** Parses manifest text, refusing unknown fields; {@code file} names it in errors. */
  public static Manifests parse(String file, String text) {
    return parse(file, text, FieldValidation.STRICT);
  }

  /** Parses manifest text; {@code file} names it in errors. */
  public static Manifests parse(String file, String text, FieldValidation validation) {
    List<ObjectManifest> objects = new ArrayList<>();
    List<YamlDocument> clusterConfigs = new ArrayList<>();
    List<YamlDocument> proxyConfigs = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (YamlDocument document : YamlReader.read(file, text)) {
      for (YamlDocument item : expandList(document)) {
        classify(item, validation, objects, clusterConfigs, proxyConfigs, warnings);
      }
    }
    return new Manifests(objects, clusterConfigs, proxyConfigs, warnings);
  }

  private static List<YamlDocument> expandList(YamlDocument document) {
    JsonNode items = document.tree().get("items");
    if (!document.text("kind").equals("List") || items == null || !items.isArray()) {
      return List.of(document);
    }
    List<YamlDocument> result = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String prefix = "items[" + i + "]";
      Map<String, Integer> lines = new HashMap<>();
      document
          .fieldLines()
          .forEach(
              (path, line) -> {
                if (path.equals(prefix)) {
                  lines.put("", line);
                } else if (path.startsWith(prefix + ".")) {
                  lines.put(path.substring(prefix.length() + 1), line);
                }
              });
      result.add(
          new YamlDocument(
              document.file(), lines.getOrDefault("", document.line()), items.get(i), lines));
    }
    return result;
  }

  private static void classify(
      YamlDocument document,
      FieldValidation validation,
      List<ObjectManifest> objects,
      List<YamlDocument> clusterConfigs,
      List<YamlDocument> proxyConfigs,
      List<String> warnings) {
    if (!document.tree().isObject()) {
      throw new ManifestException(
          document.locate(null), "error unmarshaling JSON: a manifest document must be an object");
    }
    String apiVersion = document.text("apiVersion");
    String kind = document.text("kind");
    if (kind.isEmpty()) {
      throw new ManifestException(document.locate("kind"), "error validating data: kind not set");
    }
    if (apiVersion.isEmpty()) {
      throw new ManifestException(
          document.locate("apiVersion"), "error validating data: apiVersion not set");
    }
    if (KUBEADM_VERSIONS.contains(apiVersion) && kind.equals(CLUSTER_CONFIGURATION)) {
      clusterConfigs.add(document);
      return;
    }
    if (KUBEADM_VERSIONS.contains(apiVersion) && IGNORED_KUBEADM_KINDS.contains(kind)) {
      warnings.add(document.locate(null) + ": kubeadm " + kind + " has no effect on ksim; ignored");
      return;
    }
    if (apiVersion.equals("kubeproxy.config.k8s.io/v1alpha1")
        && kind.equals(KUBE_PROXY_CONFIGURATION)) {
      proxyConfigs.add(document);
      return;
    }
    ResourceType<?> type =
        ResourceType.forKind(apiVersion, kind)
            .orElseThrow(
                () ->
                    new ManifestException(
                        document.locate("kind"),
                        String.format(
                            "resource mapping not found for name: \"%s\": no matches for kind"
                                + " \"%s\" in version \"%s\" (ksim models %s)",
                            name(document),
                            kind,
                            apiVersion,
                            ResourceType.ALL.stream()
                                .map(t -> t.apiVersion() + " " + t.kind())
                                .collect(Collectors.joining(", ")))));
    Optional<HasMetadata> common = CommonKinds.read(type, document.tree());
    HasMetadata object = common.isPresent() ? common.get() : toObject(document, type);
    if (object.getMetadata() == null
        || ((object.getMetadata().getName() == null || object.getMetadata().getName().isEmpty())
            && object.getMetadata().getGenerateName() == null)) {
      throw new ManifestException(
          document.locate("metadata.name"),
          "error when creating: "
              + kind
              + " in version \""
              + apiVersion
              + "\" cannot be handled"
              + " as a "
              + kind
              + ": resource name may not be empty");
    }
    if (type.namespaced() && object.getMetadata().getNamespace() == null) {
      object.getMetadata().setNamespace("default");
    }
    if (!type.namespaced()) {
      object.getMetadata().setNamespace(null);
    }
    List<String> unknown = common.isPresent() ? List.of() : unknownFields(document.tree(), type);
    if (!unknown.isEmpty() && validation == FieldValidation.STRICT) {
      throw new ManifestException(
          document.locate(unknown.get(0)),
          String.format(
              "%s in version \"%s\" cannot be handled as a %s: strict decoding error: %s"
                  + " (--validate=warn applies it anyway)",
              kind,
              versionOf(apiVersion),
              kind,
              unknown.stream()
                  .map(field -> "unknown field \"" + field + "\"")
                  .collect(Collectors.joining(", "))));
    }
    if (validation == FieldValidation.WARN) {
      for (String field : unknown) {
        warnings.add(
            document.locate(field).file()
                + ":"
                + document.locate(field).line()
                + ": Warning: unknown field \""
                + field
                + "\"");
      }
    }
    objects.add(new ObjectManifest(document, type, object));
  }

  /** The version part of an apiVersion ({@code apps/v1} -> {@code v1}), as the API server says. */
  private static String versionOf(String apiVersion) {
    return apiVersion.substring(apiVersion.indexOf('/') + 1);
  }

  private static String name(YamlDocument document) {
    JsonNode metadata = document.tree().get("metadata");
    JsonNode name = metadata == null ? null : metadata.get("name");
    return name == null ? "" : name.asText();
  }

  private static HasMetadata toObject(YamlDocument document, ResourceType<?> type) {
    try {
      return KubernetesJson.JSON.treeToValue(document.tree(), type.modelClass());
    } catch (MismatchedInputException e) {
      String path = jacksonPath(e);
      JsonNode value = at(document.tree(), path);
      if (value != null && value.isFloatingPointNumber() && isInteger(e.getTargetType())) {
        throw new ManifestException(
            document.locate(path),
            String.format(
                "%s in version \"%s\" cannot be handled as a %s: json: cannot unmarshal number %s"
                    + " into Go struct field %s.%s of type %s",
                type.kind(),
                versionOf(document.text("apiVersion")),
                type.kind(),
                value.asText(),
                goStruct(e),
                path.replaceAll("\\[\\d+]", ""),
                isLong(e.getTargetType()) ? "int64" : "int32"));
      }
      String got =
          value == null
              ? "null"
              : value.isTextual()
                  ? "string"
                  : value.isNumber()
                      ? "number"
                      : value.isBoolean() ? "boolean" : value.isArray() ? "array" : "object";
      throw new ManifestException(
          document.locate(path),
          String.format(
              "error validating data: ValidationError(%s.%s): invalid type: got \"%s\", expected"
                  + " %s",
              type.kind(),
              path,
              got,
              e.getTargetType() == null
                  ? "another type"
                  : "\"" + describe(e.getTargetType()) + "\""));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new ManifestException(
          document.locate(null),
          "error decoding "
              + type.kind()
              + ": "
              + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
    }
  }

  private static boolean isInteger(@org.jspecify.annotations.Nullable Class<?> target) {
    return target == Integer.class || target == int.class || isLong(target);
  }

  private static boolean isLong(@org.jspecify.annotations.Nullable Class<?> target) {
    return target == Long.class || target == long.class;
  }

  /**
   * The Go struct holding the field, named as the Kubernetes API type (fabric8 keeps the names).
   */
  private static String goStruct(MismatchedInputException e) {
    List<com.fasterxml.jackson.databind.JsonMappingException.Reference> path = e.getPath();
    Object from = path.isEmpty() ? null : path.get(path.size() - 1).getFrom();
    if (from == null) {
      return "";
    }
    return from instanceof Class<?> c ? c.getSimpleName() : from.getClass().getSimpleName();
  }

  private static String describe(Class<?> target) {
    if (target == Integer.class
        || target == int.class
        || target == Long.class
        || target == long.class) {
      return "integer";
    }
    if (target == Boolean.class || target == boolean.class) {
      return "boolean";
    }
    if (target == String.class) {
      return "string";
    }
    if (List.class.isAssignableFrom(target)) {
      return "array";
    }
    return "object";
  }

  private static String jacksonPath(MismatchedInputException e) {
    StringBuilder sb = new StringBuilder();
    for (var ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        sb.append(sb.length() == 0 ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static @org.jspecify.annotations.Nullable JsonNode at(JsonNode root, String path) {
    JsonNode node = root;
    for (String part : com.google.common.base.Splitter.on('.').split(path)) {
      if (node == null || part.isEmpty()) {
        return node;
      }
      String name = part.contains("[") ? part.substring(0, part.indexOf('[')) : part;
      node = node.get(name);
      int open = part.indexOf('[');
      while (node != null && open >= 0) {
        int close = part.indexOf(']', open);
        node = node.get(Integer.parseInt(part.substring(open + 1, close)));
        open = part.indexOf('[', close);
      }
    }
    return node;
  }

  /** The settable properties of each model class, introspected once per class. */
  private static final Map<JavaType, Map<String, JavaType>> PROPERTIES =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static Map<String, JavaType> properties(JavaType type) {
    BeanDescription bean = KubernetesJson.JSON.getDeserializationConfig().introspect(type);
    Map<String, JavaType> properties = new HashMap<>();
    for (BeanPropertyDefinition property : bean.findProperties()) {
      if (property.hasSetter() || property.hasField() || property.hasConstructorParameter()) {
        properties.put(property.getName(), property.getPrimaryType());
      }
    }
    return properties;
  }

  private static String fieldPath(String parent, String key) {
    return parent.isEmpty() ? key : parent + "." + key;
  }

  /** The paths of fields {@code tree} holds that {@code type}'s model class does not have. */
  static List<String> unknownFields(JsonNode tree, ResourceType<?> type) {
    List<String> unknown = new ArrayList<>();
    findUnknownFields(tree, KubernetesJson.JSON.constructType(type.modelClass()), "", unknown);
    return unknown;
  }

  /** Collects the paths of fields the model class does not have, as kubectl warns of them. */
  private static void findUnknownFields(
      JsonNode node, JavaType type, String path, List<String> unknown) {
    if (node.isArray() && type.isCollectionLikeType()) {
      for (int i = 0; i < node.size(); i++) {
        // a scalar has no fields: its path is not spelled out
        if (node.get(i).isContainerNode()) {
          findUnknownFields(node.get(i), type.getContentType(), path + "[" + i + "]", unknown);
        }
      }
      return;
    }
    if (!node.isObject()
        || type.isMapLikeType()
        || type.isContainerType()
        || !type.getRawClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    Map<String, JavaType> properties = PROPERTIES.computeIfAbsent(type, ManifestLoader::properties);
    Iterator<Map.Entry<String, JsonNode>> fields = ((ObjectNode) node).fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JavaType propertyType = properties.get(field.getKey());
      if (propertyType == null) {
        if (!path.isEmpty() || !Set.of("apiVersion", "kind").contains(field.getKey())) {
          unknown.add(fieldPath(path, field.getKey()));
        }
      } else if (field.getValue().isContainerNode()) {
        findUnknownFields(field.getValue(), propertyType, fieldPath(path, field.getKey()), unknown);
      }
    }
  }
}
