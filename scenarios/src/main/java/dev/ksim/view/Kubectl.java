package dev.ksim.view;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.cluster.Cluster;
import dev.ksim.manifest.KubernetesJson;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code kubectl get} and {@code kubectl describe} against a simulated cluster, printing what
 * kubectl prints: its tables and their {@code -o wide}, {@code -o name}, {@code -o yaml} and {@code
 * -o json} forms, {@code --show-labels}, {@code -l}, {@code -n} and {@code -A}.
 */
public final class Kubectl {
  private static final List<ResourceType<?>> ALL_CATEGORY =
      List.of(
          ResourceType.POD,
          ResourceType.SERVICE,
          ResourceType.DAEMON_SET,
          ResourceType.DEPLOYMENT,
          ResourceType.REPLICA_SET,
          ResourceType.STATEFUL_SET);

  /**
   * YAML as kubectl (sigs.k8s.io/yaml) writes it: a list's items start at their key's indentation
   * ({@code containers:} then {@code - image: nginx} under its first letter).
   */
  private static final com.fasterxml.jackson.databind.ObjectMapper YAML =
      new com.fasterxml.jackson.databind.ObjectMapper(
          com.fasterxml.jackson.dataformat.yaml.YAMLFactory.builder()
              .disable(
                  com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature
                      .WRITE_DOC_START_MARKER)
              .enable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(
                  com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature
                      .ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
              .stringQuotingChecker(new GoYamlQuoting())
              .build());

  private final Cluster cluster;

  public Kubectl(Cluster cluster) {
    this.cluster = cluster;
  }

  /** Runs one kubectl command line (the words after {@code kubectl}). */
  public CommandResult run(List<String> words) {
    KubectlArgs args;
    try {
      args = KubectlArgs.parse(words);
    } catch (IllegalArgumentException e) {
      return CommandResult.error("error: " + e.getMessage() + "\n", 1);
    }
    return switch (args.verb()) {
      case "get" -> get(args);
      case "describe" -> new KubectlDescribe(cluster).describe(args);
      default ->
          CommandResult.error(
              "error: ksim does not model `kubectl "
                  + args.verb()
                  + "` (it models get and describe)\n",
              1);
    };
  }

  /** One resource argument: a type and the names asked for (none: all of them). */
  record Request(ResourceType<?> type, List<String> names) {}

  /** Resolves the resource arguments: {@code svc,ep}, {@code svc nginx}, {@code svc/nginx}. */
  static List<Request> requests(KubectlArgs args) {
    List<Request> requests = new ArrayList<>();
    if (args.positionals().isEmpty()) {
      throw new IllegalArgumentException(
          "You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.");
    }
    String first = args.positionals().get(0);
    if (first.contains("/")) {
      for (String item : args.positionals()) {
        int slash = item.indexOf('/');
        if (slash < 0) {
          throw new IllegalArgumentException(
              "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form");
        }
        requests.add(
            new Request(type(item.substring(0, slash)), List.of(item.substring(slash + 1))));
      }
      return requests;
    }
    List<String> names = args.positionals().subList(1, args.positionals().size());
    for (String name : com.google.common.base.Splitter.on(',').split(first)) {
      if (name.equals("all")) {
        ALL_CATEGORY.forEach(t -> requests.add(new Request(t, names)));
      } else {
        requests.add(new Request(type(name), names));
      }
    }
    return requests;
  }

  private static ResourceType<?> type(String name) {
    return ResourceType.forName(name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "the server doesn't have a resource type \"" + name + "\""));
  }

  private CommandResult get(KubectlArgs args) {
    List<Request> requests;
    try {
      requests = requests(args);
    } catch (IllegalArgumentException e) {
      return CommandResult.error("error: " + e.getMessage() + "\n", 1);
    }
    LabelQuery query;
    try {
      query = args.selector() == null ? null : LabelQuery.parse(args.selector());
    } catch (IllegalArgumentException e) {
      return CommandResult.error("error: " + e.getMessage() + "\n", 1);
    }
    String namespace = args.namespace() == null ? "default" : args.namespace();
    StringBuilder errors = new StringBuilder();
    if (requests.stream().anyMatch(r -> r.type().equals(ResourceType.ENDPOINTS))) {
      // the API server's deprecation warning since Kubernetes 1.33, printed by kubectl
      errors.append(
          "Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n");
    }
    Map<ResourceType<?>, List<HasMetadata>> found = new LinkedHashMap<>();
    for (Request request : requests) {
      List<HasMetadata> objects = found.computeIfAbsent(request.type(), t -> new ArrayList<>());
      if (request.names().isEmpty()) {
        for (HasMetadata object : cluster.store().list(request.type())) {
          boolean inNamespace =
              !request.type().namespaced()
                  || args.allNamespaces()
                  || namespace.equals(object.getMetadata().getNamespace());
          Map<String, String> labels = object.getMetadata().getLabels();
          if (inNamespace && (query == null || query.matches(labels == null ? Map.of() : labels))) {
            objects.add(object);
          }
        }
      } else {
        for (String name : request.names()) {
          Optional<HasMetadata> object =
              cluster
                  .store()
                  .get(
                      new ObjectKey(
                          request.type(), request.type().namespaced() ? namespace : "", name));
          if (object.isPresent()) {
            objects.add(object.get());
          } else {
            errors
                .append("Error from server (NotFound): ")
                .append(request.type().plural())
                .append(request.type().group().isEmpty() ? "" : "." + request.type().group())
                .append(" \"")
                .append(name)
                .append("\" not found\n");
          }
        }
      }
    }
    boolean multipleTypes = found.size() > 1;
    List<HasMetadata> all = found.values().stream().flatMap(List::stream).toList();
    int exit = errors.indexOf("Error from server") >= 0 ? 1 : 0;
    boolean single = requests.size() == 1 && requests.get(0).names().size() == 1;
    // kubectl get.go: only the table printers say "No resources found"; the generic printers
    // (json, yaml, name, jsonpath, custom-columns) print an empty List, unless one named object
    // was asked for and is missing (then only the error).
    boolean humanReadable = args.output().isEmpty() || args.output().equals("wide");
    if (all.isEmpty() && (humanReadable || single)) {
      if (exit == 0) {
        boolean clusterScoped = found.keySet().stream().noneMatch(ResourceType::namespaced);
        errors.append(
            clusterScoped || args.allNamespaces()
                ? "No resources found\n"
                : "No resources found in " + namespace + " namespace.\n");
      }
      return new CommandResult("", errors.toString(), exit);
    }
    String out;
    try {
      out =
          switch (args.output()) {
            case "", "wide" -> tables(found, args, multipleTypes);
            case "name" ->
                all.stream()
                    .map(o -> typeOf(o).qualifiedName() + "/" + o.getMetadata().getName() + "\n")
                    .collect(Collectors.joining());
            case "yaml" -> yaml(all, single);
            case "json" -> json(all, single);
            default -> template(args.output(), all, single, args.noHeaders());
          };
    } catch (IllegalArgumentException e) {
      return CommandResult.error("error: " + e.getMessage() + "\n", 1);
    }
    return new CommandResult(out, errors.toString(), exit);
  }

  /**
   * {@code -o jsonpath=TEMPLATE} (on the object, or on a List of them) and {@code -o
   * custom-columns=SPEC} (a row per object).
   */
  private static String template(
      String output, List<HasMetadata> objects, boolean single, boolean noHeaders) {
    JsonNode tree = single ? toTree(objects.get(0)) : list(objects);
    return printTemplate(output, tree, noHeaders);
  }

  /**
   * Prints {@code tree} (an object or a List) in a template format ({@code jsonpath=…}, {@code
   * custom-columns=…}); throws IllegalArgumentException with kubectl's wording otherwise.
   */
  public static String printTemplate(String output, JsonNode tree, boolean noHeaders) {
    String jsonpath = "jsonpath=";
    String customColumns = "custom-columns=";
    if (output.equals("jsonpath") || output.equals(jsonpath)) {
      throw new IllegalArgumentException("template format specified but no template given");
    }
    if (output.startsWith(jsonpath)) {
      return JsonPath.parse(output.substring(jsonpath.length())).execute(tree);
    }
    if (output.startsWith(customColumns)) {
      List<JsonNode> rows = new ArrayList<>();
      if (tree.has("items")) {
        tree.get("items").forEach(rows::add);
      } else {
        rows.add(tree);
      }
      return CustomColumns.parse(output.substring(customColumns.length())).render(rows, noHeaders);
    }
    if (output.equals("custom-columns")) {
      throw new IllegalArgumentException(
          "custom-columns format specified but no custom columns given");
    }
    throw new IllegalArgumentException(
        "unable to match a printer suitable for the output format \""
            + output
            + "\", allowed formats are: custom-columns,json,jsonpath,name,wide,yaml");
  }

  private static ResourceType<?> typeOf(HasMetadata object) {
    return ResourceType.forKind(object.getApiVersion(), object.getKind()).orElseThrow();
  }

  private String tables(
      Map<ResourceType<?>, List<HasMetadata>> found, KubectlArgs args, boolean prefixKind) {
    Instant now = cluster.clock().now();
    boolean wide = args.output().equals("wide");
    List<String> blocks = new ArrayList<>();
    for (Map.Entry<ResourceType<?>, List<HasMetadata>> entry : found.entrySet()) {
      if (entry.getValue().isEmpty()) {
        continue;
      }
      ResourceType<?> type = entry.getKey();
      TableColumns columns = TableColumns.of(type);
      boolean withNamespace = args.allNamespaces() && type.namespaced();
      TabWriter table = TabWriter.forTables();
      if (!args.noHeaders()) {
        List<String> headers = new ArrayList<>();
        if (withNamespace) {
          headers.add("NAMESPACE");
        }
        headers.addAll(columns.headers());
        if (wide) {
          headers.addAll(columns.wideHeaders());
        }
        if (args.showLabels()) {
          headers.add("LABELS");
        }
        table.row(headers);
      }
      for (HasMetadata object : entry.getValue()) {
        List<String> row = new ArrayList<>();
        if (withNamespace) {
          row.add(object.getMetadata().getNamespace());
        }
        List<String> cells = new ArrayList<>(columns.cells().apply(object, now));
        if (prefixKind) {
          cells.set(0, type.qualifiedName() + "/" + cells.get(0));
        }
        row.addAll(cells);
        if (wide) {
          row.addAll(columns.wideCells().apply(object, now));
        }
        if (args.showLabels()) {
          row.add(labels(object.getMetadata().getLabels()));
        }
        table.row(row);
      }
      blocks.add(table.render());
    }
    return String.join("\n", blocks);
  }

  static String labels(Map<String, String> labels) {
    if (labels == null || labels.isEmpty()) {
      return "<none>";
    }
    return new TreeMap<>(labels)
        .entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(","));
  }

  private static String yaml(List<HasMetadata> objects, boolean single) {
    return yaml(single ? toTree(objects.get(0)) : list(objects));
  }

  /** An object (or List) as {@code kubectl -o yaml} prints it: keys sorted, block style. */
  public static String yaml(JsonNode tree) {
    try {
      return YAML.writeValueAsString(sorted(tree));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String json(List<HasMetadata> objects, boolean single) {
    return json(single ? toTree(objects.get(0)) : list(objects));
  }

  /** An object (or List) as {@code kubectl -o json} prints it: four-space indents. */
  public static String json(JsonNode tree) {
    DefaultIndenter indenter = new DefaultIndenter("    ", "\n");
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter()
            .withSeparators(
                Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withArrayEmptySeparator("")
                    .withObjectEmptySeparator(""));
    printer.indentObjectsWith(indenter);
    printer.indentArraysWith(indenter);
    try {
      return KubernetesJson.JSON.writer(printer).writeValueAsString(tree) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode toTree(HasMetadata object) {
    return KubernetesJson.JSON.valueToTree(object);
  }

  private static JsonNode list(List<HasMetadata> objects) {
    ObjectNode list = KubernetesJson.JSON.createObjectNode();
    list.put("apiVersion", "v1");
    ArrayNode items = list.putArray("items");
    objects.forEach(o -> items.add(toTree(o)));
    list.put("kind", "List");
    list.putObject("metadata").put("resourceVersion", "");
    return list;
  }

  /**
   * The tree with every object's keys in alphabetical order, as kubectl's YAML printer has them.
   */
  private static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      ObjectNode result = KubernetesJson.JSON.createObjectNode();
      TreeMap<String, JsonNode> fields = new TreeMap<>();
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> field = it.next();
        fields.put(field.getKey(), sorted(field.getValue()));
      }
      fields.forEach(result::set);
      return result;
    }
    if (node.isArray()) {
      ArrayNode result = KubernetesJson.JSON.createArrayNode();
      node.forEach(n -> result.add(sorted(n)));
      return result;
    }
    return node;
  }
}
