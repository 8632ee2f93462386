package dev.ksim.scenario.shell;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableSet;
import dev.ksim.apiserver.ApiException;
import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.cluster.Cluster;
import dev.ksim.manifest.KubernetesJson;
import dev.ksim.view.CommandResult;
import dev.ksim.view.Kubectl;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The kubectl verbs that change the cluster ({@code create}, {@code run}, {@code expose}, {@code
 * scale}, {@code delete}, {@code label}, {@code annotate}, {@code patch}, {@code set image}, {@code
 * rollout}, {@code apply}), each sent through the API store (so admission validates and defaults as
 * kube-apiserver does) and answered with kubectl's own lines ({@code deployment.apps/nginx
 * created}, {@code pod "x" deleted}) and error texts.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/tree/v1.34.2/staging/src/k8s.io/kubectl/pkg/cmd">kubectl
 *     cmd</a>
 */
final class KubectlWrites {
  /** The verbs this class runs. */
  static final Set<String> VERBS =
      ImmutableSet.of(
          "create",
          "run",
          "expose",
          "scale",
          "delete",
          "label",
          "annotate",
          "patch",
          "set",
          "rollout",
          "apply");

  private static final Set<String> OUTPUT = ImmutableSet.of("output", "dry-run");

  private final Cluster cluster;
  private final KubectlFiles files;

  KubectlWrites(Cluster cluster, KubectlFiles files) {
    this.cluster = cluster;
    this.files = files;
  }

  /** Runs {@code args} (the words after {@code kubectl}, verb included). */
  CommandResult run(String verb, List<String> args) {
    try {
      return switch (verb) {
        case "create" -> create(args);
        case "run" -> runPod(args);
        case "expose" -> expose(args);
        case "scale" -> scale(args);
        case "delete" -> new KubectlDelete(cluster, files).delete(args);
        case "label" -> metadata(args, "label", "labeled");
        case "annotate" -> metadata(args, "annotate", "annotated");
        case "patch" -> patch(args);
        case "set" -> setImage(args);
        case "rollout" -> new KubectlRollout(cluster).rollout(args);
        default -> files.apply(args);
      };
    } catch (KubectlException e) {
      return e.result();
    }
  }

  private CommandResult create(List<String> args) {
    Set<String> flags =
        set(
            "image",
            "replicas",
            "port",
            "tcp",
            "node-port",
            "external-name",
            "from-literal",
            "filename",
            "output",
            "dry-run",
            "save-config",
            "validate");
    KubectlFlags f = KubectlFlags.parse(args, flags, usage("create"));
    if (f.value("filename").isPresent()) {
      return files.create(f);
    }
    List<String> p = f.positionals();
    if (p.size() < 2) {
      throw new KubectlException(
          "error: must specify one of -f and -k\n\n" + usage("create").strip() + "\n", 1);
    }
    String what = p.get(1);
    String namespace = f.namespace();
    ObjectNode object =
        switch (what) {
          case "namespace", "ns" -> KubectlGenerators.namespace(name(p, 2, "create namespace"));
          case "deployment", "deploy" -> {
            List<String> images = f.values().get("image");
            if (images.isEmpty()) {
              throw new KubectlException("error: required flag(s) \"image\" not set\n", 1);
            }
            yield KubectlGenerators.deployment(
                name(p, 2, "create deployment"),
                namespace,
                images,
                integer(f.value("replicas").orElse("1"), "replicas"),
                f.value("port").orElse(""));
          }
          case "service", "svc" -> service(f, p, namespace);
          case "configmap", "cm" ->
              KubectlGenerators.configMap(
                  name(p, 2, "create configmap"), namespace, f.values().get("from-literal"));
          case "secret" -> {
            if (p.size() < 3 || !p.get(2).equals("generic")) {
              throw new UnsupportedCommandException(
                  "ksim: kubectl create secret "
                      + (p.size() < 3 ? "" : p.get(2))
                      + " is not simulated (ksim creates secret generic)");
            }
            yield KubectlGenerators.secret(
                name(p, 3, "create secret generic"), namespace, f.values().get("from-literal"));
          }
          default ->
              throw new UnsupportedCommandException(
                  "ksim: kubectl create "
                      + what
                      + " is not simulated (ksim creates namespace, deployment, service, configmap,"
                      + " secret generic, and objects from -f)");
        };
    return submit(object, f, "created");
  }

  private ObjectNode service(KubectlFlags f, List<String> p, String namespace) {
    String type = p.size() > 2 ? p.get(2) : "";
    String kind =
        switch (type) {
          case "clusterip" -> "ClusterIP";
          case "nodeport" -> "NodePort";
          case "loadbalancer" -> "LoadBalancer";
          case "externalname" -> "ExternalName";
          default ->
              throw new KubectlException(
                  "error: unknown command \""
                      + type
                      + "\" for \"kubectl create service\"\n"
                      + usage("create service"),
                  1);
        };
    String name = name(p, 3, "create service " + type);
    List<String> tcp = f.values().get("tcp");
    if (kind.equals("ExternalName")) {
      String external = f.value("external-name").orElse("");
      if (external.isEmpty()) {
        throw new KubectlException("error: required flag(s) \"external-name\" not set\n", 1);
      }
      return KubectlGenerators.service(kind, name, namespace, tcp, "", external);
    }
    if (tcp.isEmpty()) {
      throw new KubectlException("error: at least one tcp port specifier must be provided\n", 1);
    }
    return KubectlGenerators.service(
        kind, name, namespace, tcp, f.value("node-port").orElse(""), "");
  }

  private CommandResult runPod(List<String> args) {
    Set<String> flags =
        set("image", "port", "labels", "restart", "output", "dry-run", "env", "command");
    KubectlFlags f = KubectlFlags.parse(args, flags, usage("run"));
    if (f.positionals().contains("--") || f.has("stdin") || f.has("tty")) {
      throw new UnsupportedCommandException(
          "ksim: kubectl run with a command or a terminal is not simulated (pods run their image's"
              + " server; use kubectl exec POD -- COMMAND)");
    }
    String name = name(f.positionals(), 1, "run");
    String image = f.value("image").orElse("");
    if (image.isEmpty()) {
      throw new KubectlException("error: required flag(s) \"image\" not set\n", 1);
    }
    ObjectNode pod =
        KubectlGenerators.pod(
            name,
            f.namespace(),
            image,
            f.value("port").orElse(""),
            f.value("labels").orElse(""),
            f.value("restart").orElse(""));
    return submit(pod, f, "created");
  }

  private CommandResult expose(List<String> args) {
    Set<String> flags =
        set("port", "target-port", "type", "name", "protocol", "output", "dry-run", "selector");
    KubectlFlags f = KubectlFlags.parse(args, flags, usage("expose"));
    Target target = targets(f.positionals()).get(0);
    HasMetadata source = get(target, f.namespace());
    JsonNode tree = KubernetesJson.JSON.valueToTree(source);
    JsonNode selector;
    List<Integer> ports = new ArrayList<>();
    JsonNode podSpec;
    if (target.type().equals(ResourceType.POD)) {
      selector = tree.path("metadata").path("labels");
      podSpec = tree.path("spec");
    } else if (target.type().equals(ResourceType.SERVICE)) {
      selector = tree.path("spec").path("selector");
      tree.path("spec").path("ports").forEach(p -> ports.add(p.path("port").asInt()));
      podSpec = KubernetesJson.JSON.createObjectNode();
    } else if (target.type().equals(ResourceType.DEPLOYMENT)
        || target.type().equals(ResourceType.REPLICA_SET)
        || target.type().equals(ResourceType.STATEFUL_SET)
        || target.type().equals(ResourceType.DAEMON_SET)) {
      selector = tree.path("spec").path("selector").path("matchLabels");
      podSpec = tree.path("spec").path("template").path("spec");
    } else {
      throw new KubectlException("error: cannot expose a " + target.type().kind() + "\n", 1);
    }
    if (f.value("selector").isPresent()) {
      ObjectNode given = KubernetesJson.JSON.createObjectNode();
      KubectlGenerators.pairs(f.value("selector").orElseThrow(), ",").forEach(given::put);
      selector = given;
    }
    if (selector.isMissingNode() || selector.isEmpty()) {
      throw new KubectlException(
          "error: couldn't retrieve selectors via --selector flag or introspection: the "
              + target.type().kind()
              + " has no selector\n",
          1);
    }
    if (f.value("port").isPresent()) {
      ports.clear();
      ports.add(integer(f.value("port").orElseThrow(), "port"));
    } else if (ports.isEmpty()) {
      podSpec
          .path("containers")
          .forEach(c -> c.path("ports").forEach(p -> ports.add(p.path("containerPort").asInt())));
    }
    if (ports.isEmpty()) {
      throw new KubectlException(
          "error: couldn't find port via --port flag or introspection\n" + usage("expose"), 1);
    }
    String type = f.value("type").orElse("");
    ObjectNode service =
        KubectlGenerators.exposed(
            f.value("name").orElse(target.name()),
            f.namespace(),
            tree.path("metadata").path("labels"),
            selector,
            ports,
            f.value("target-port").orElse(""),
            f.value("protocol").orElse(""),
            type.isEmpty() ? "" : serviceType(type));
    return submit(service, f, "exposed");
  }

  private static String serviceType(String type) {
    for (String known : List.of("ClusterIP", "NodePort", "LoadBalancer", "ExternalName")) {
      if (known.equalsIgnoreCase(type)) {
        return known;
      }
    }
    throw new KubectlException(
        "The Service \"\" is invalid: spec.type: Unsupported value: \""
            + type
            + "\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\","
            + " \"NodePort\"\n",
        1);
  }

  private CommandResult scale(List<String> args) {
    KubectlFlags f =
        KubectlFlags.parse(args, set("replicas", "current-replicas", "timeout"), usage("scale"));
    String replicas =
        f.value("replicas")
            .orElseThrow(
                () -> new KubectlException("error: required flag(s) \"replicas\" not set\n", 1));
    int n = integer(replicas, "replicas");
    if (n < 0) {
      throw new KubectlException(
          "error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0\n",
          1);
    }
    StringBuilder out = new StringBuilder();
    for (Target target : targets(f.positionals())) {
      if (!Set.of("Deployment", "ReplicaSet", "StatefulSet").contains(target.type().kind())) {
        throw new KubectlException(
            "error: no scaler has been implemented for {\"\" \"" + target.type().kind() + "\"}\n",
            1);
      }
      change(target, f.namespace(), o -> setPath(o, n, "spec", "replicas"));
      out.append(qualified(target)).append(" scaled\n");
    }
    return CommandResult.ok(out.toString());
  }

  /** {@code label|annotate KIND NAME k=v k2- [--overwrite]}. */
  private CommandResult metadata(List<String> args, String verb, String done) {
    KubectlFlags f = KubectlFlags.parse(args, set("overwrite"), usage(verb));
    List<String> words = new ArrayList<>();
    List<String> changes = new ArrayList<>();
    for (String word : f.positionals()) {
      (word.contains("=") || (word.endsWith("-") && words.size() > 1) ? changes : words).add(word);
    }
    if (changes.isEmpty()) {
      throw new KubectlException(
          "error: at least one "
              + (verb.equals("label") ? "label" : "annotation")
              + " update is required\n",
          1);
    }
    String field = verb.equals("label") ? "labels" : "annotations";
    StringBuilder out = new StringBuilder();
    for (Target target : targets(words)) {
      HasMetadata current = get(target, f.namespace());
      Map<String, String> existing =
          field.equals("labels")
              ? current.getMetadata().getLabels()
              : current.getMetadata().getAnnotations();
      ObjectNode patch = KubernetesJson.JSON.createObjectNode();
      ObjectNode values = patch.putObject("metadata").putObject(field);
      for (String change : changes) {
        if (change.endsWith("-") && !change.contains("=")) {
          values.putNull(change.substring(0, change.length() - 1));
          continue;
        }
        String key = change.substring(0, change.indexOf('='));
        String value = change.substring(change.indexOf('=') + 1);
        String old = existing == null ? null : existing.get(key);
        if (old != null && !old.equals(value) && !f.has("overwrite")) {
          throw new KubectlException(
              "error: '" + key + "' already has a value (" + old + "), and --overwrite is false\n",
              1);
        }
        values.put(key, value);
      }
      patchStored(target, f.namespace(), patch);
      out.append(qualified(target)).append(' ').append(done).append('\n');
    }
    return CommandResult.ok(out.toString());
  }

  private CommandResult patch(List<String> args) {
    KubectlFlags f =
        KubectlFlags.parse(args, set("patch", "type", "output", "dry-run"), usage("patch"));
    String body =
        f.value("patch")
            .orElseThrow(() -> new KubectlException("error: must specify -p to patch\n", 1));
    String type = f.value("type").orElse("strategic");
    JsonNode patch;
    try {
      patch = KubernetesJson.YAML.readTree(body);
    } catch (JsonProcessingException e) {
      throw new KubectlException(
          "error: unable to parse \"" + body + "\": " + e.getOriginalMessage() + "\n", 1);
    }
    StringBuilder out = new StringBuilder();
    for (Target target : targets(f.positionals())) {
      JsonNode current = KubernetesJson.JSON.valueToTree(get(target, f.namespace()));
      JsonNode next =
          switch (type) {
            case "strategic" -> StrategicMerge.apply(current, patch);
            case "merge" -> JsonPatches.merge(current, patch);
            case "json" -> JsonPatches.json(current, patch);
            default ->
                throw new KubectlException(
                    "error: --type must be one of [json merge strategic], not \"" + type + "\"\n",
                    1);
          };
      boolean same = next.equals(current);
      if (!same && !f.dryRun()) {
        replace(target, next);
      }
      out.append(qualified(target))
          .append(
              same ? " patched (no change)\n" : f.dryRun() ? " patched (dry run)\n" : " patched\n");
    }
    return CommandResult.ok(out.toString());
  }

  private CommandResult setImage(List<String> args) {
    KubectlFlags f = KubectlFlags.parse(args, set(), usage("set image"));
    List<String> p = f.positionals();
    if (p.size() < 2 || !p.get(1).equals("image")) {
      throw new UnsupportedCommandException(
          "ksim: kubectl set "
              + (p.size() < 2 ? "" : p.get(1))
              + " is not simulated (set image is)");
    }
    List<String> words = new ArrayList<>();
    Map<String, String> images = new TreeMap<>();
    for (String word : p.subList(2, p.size())) {
      if (word.contains("=")) {
        images.put(word.substring(0, word.indexOf('=')), word.substring(word.indexOf('=') + 1));
      } else {
        words.add(word);
      }
    }
    List<String> resource = new ArrayList<>(List.of("set"));
    resource.addAll(words);
    StringBuilder out = new StringBuilder();
    for (Target target : targets(resource)) {
      ObjectNode tree = KubernetesJson.JSON.valueToTree(get(target, f.namespace()));
      JsonNode spec =
          target.type().equals(ResourceType.POD)
              ? tree.path("spec")
              : tree.path("spec").path("template").path("spec");
      for (Map.Entry<String, String> image : images.entrySet()) {
        boolean found = false;
        for (JsonNode c : spec.path("containers")) {
          if (image.getKey().equals("*") || c.path("name").asText().equals(image.getKey())) {
            ((ObjectNode) c).put("image", image.getValue());
            found = true;
          }
        }
        if (!found) {
          throw new KubectlException(
              "error: unable to find container named \"" + image.getKey() + "\"\n", 1);
        }
      }
      replace(target, tree);
      out.append(qualified(target)).append(" image updated\n");
    }
    return CommandResult.ok(out.toString());
  }

  /** Creates {@code object} (or prints it, with {@code --dry-run}); says {@code verb}. */
  private CommandResult submit(ObjectNode object, KubectlFlags f, String verb) {
    ResourceType<?> type =
        ResourceType.forKind(object.path("apiVersion").asText(), object.path("kind").asText())
            .orElseThrow();
    String name = object.path("metadata").path("name").asText();
    String output = f.output();
    if (f.dryRun()) {
      return switch (output) {
        case "" ->
            CommandResult.ok(type.qualifiedName() + "/" + name + " " + verb + " (dry run)\n");
        case "name" -> CommandResult.ok(type.qualifiedName() + "/" + name + "\n");
        case "yaml" -> CommandResult.ok(Kubectl.yaml(object));
        case "json" -> CommandResult.ok(Kubectl.json(object));
        default -> jsonpath(output, object);
      };
    }
    ObjectNode stored = object.deepCopy();
    ((ObjectNode) stored.get("metadata")).remove("creationTimestamp");
    if (!stored.path("metadata").has("namespace") && type.namespaced()) {
      ((ObjectNode) stored.get("metadata")).put("namespace", f.namespace());
    }
    HasMetadata created = createTyped(type, stored);
    return switch (output) {
      case "" -> CommandResult.ok(type.qualifiedName() + "/" + name + " " + verb + "\n");
      case "name" -> CommandResult.ok(type.qualifiedName() + "/" + name + "\n");
      case "yaml" -> CommandResult.ok(Kubectl.yaml(KubernetesJson.JSON.valueToTree(created)));
      case "json" -> CommandResult.ok(Kubectl.json(KubernetesJson.JSON.valueToTree(created)));
      default -> jsonpath(output, KubernetesJson.JSON.valueToTree(created));
    };
  }

  /** {@code -o jsonpath=TEMPLATE} on the object written; other formats are refused. */
  private static CommandResult jsonpath(String output, JsonNode object) {
    if (!output.startsWith("jsonpath")) {
      throw badOutput(output);
    }
    try {
      return CommandResult.ok(Kubectl.printTemplate(output, object, false));
    } catch (IllegalArgumentException e) {
      throw new KubectlException("error: " + e.getMessage() + "\n", 1);
    }
  }

  static KubectlException badOutput(String output) {
    return new KubectlException(
        "error: unable to match a printer suitable for the output format \""
            + output
            + "\", allowed formats are: json,jsonpath,name,yaml\n",
        1);
  }

  private <T extends HasMetadata> T createTyped(ResourceType<T> type, JsonNode tree) {
    try {
      return cluster.store().create(type, KubernetesJson.JSON.treeToValue(tree, type.modelClass()));
    } catch (JsonProcessingException e) {
      throw new KubectlException("error: " + e.getOriginalMessage() + "\n", 1);
    } catch (ApiException e) {
      throw serverError(e, type);
    }
  }

  /** A resource argument resolved: its type and name. */
  record Target(ResourceType<?> type, String name) {}

  /** {@code KIND NAME...} or {@code KIND/NAME...}: the words after the verb. */
  static List<Target> targets(List<String> words) {
    List<String> rest = words.subList(Math.min(1, words.size()), words.size());
    if (rest.isEmpty()) {
      throw new KubectlException(
          """
          error: You must provide one or more resources by argument or filename.
          Example resource specifications include:
             '-f rsrc.yaml'
             '--filename=rsrc.json'
             '<resource> <name>'
             '<resource>'
          """,
          1);
    }
    List<Target> targets = new ArrayList<>();
    if (rest.get(0).contains("/")) {
      for (String word : rest) {
        int slash = word.indexOf('/');
        if (slash < 0) {
          throw new KubectlException(
              "error: there is no need to specify a resource type as a separate argument when"
                  + " passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'\n",
              1);
        }
        targets.add(new Target(type(word.substring(0, slash)), word.substring(slash + 1)));
      }
      return targets;
    }
    ResourceType<?> type = type(rest.get(0));
    if (rest.size() == 1) {
      throw new KubectlException(
          "error: resource(s) were provided, but no name was specified\n", 1);
    }
    rest.subList(1, rest.size()).forEach(name -> targets.add(new Target(type, name)));
    return targets;
  }

  static ResourceType<?> type(String name) {
    return ResourceType.forName(name)
        .orElseThrow(
            () ->
                new KubectlException(
                    "error: the server doesn't have a resource type \"" + name + "\"\n", 1));
  }

  private HasMetadata get(Target target, String namespace) {
    return cluster
        .store()
        .<HasMetadata>get(
            new ObjectKey(
                target.type(), target.type().namespaced() ? namespace : "", target.name()))
        .orElseThrow(() -> notFound(target.type(), target.name()));
  }

  static KubectlException notFound(ResourceType<?> type, String name) {
    return new KubectlException(
        "Error from server (NotFound): " + resource(type) + " \"" + name + "\" not found\n", 1);
  }

  /** {@code deployments.apps}: the resource as the API server names it in messages. */
  static String resource(ResourceType<?> type) {
    return type.plural() + (type.group().isEmpty() ? "" : "." + type.group());
  }

  static String qualified(Target target) {
    return target.type().qualifiedName() + "/" + target.name();
  }

  /** The API server's refusal as kubectl prints it. */
  static KubectlException serverError(ApiException e, ResourceType<?> type) {
    String message = String.valueOf(e.getMessage());
    if (message.startsWith(type.plural() + " ")) {
      message = resource(type) + message.substring(type.plural().length());
    }
    String reason =
        switch (e.reason()) {
          case INVALID -> "";
          case ALREADY_EXISTS -> "Error from server (AlreadyExists): ";
          case NOT_FOUND -> "Error from server (NotFound): ";
          case FORBIDDEN -> "Error from server (Forbidden): ";
          case CONFLICT -> "Error from server (Conflict): ";
        };
    return new KubectlException(reason + message + "\n", 1);
  }

  private void change(Target target, String namespace, Consumer<ObjectNode> change) {
    ObjectNode tree = KubernetesJson.JSON.valueToTree(get(target, namespace));
    change.accept(tree);
    replace(target, tree);
  }

  private void patchStored(Target target, String namespace, JsonNode patch) {
    try {
      cluster.store().patch(target.type(), namespace, target.name(), patch);
    } catch (ApiException e) {
      throw serverError(e, target.type());
    }
  }

  private void replace(Target target, JsonNode tree) {
    replaceTyped(target.type(), tree);
  }

  private <T extends HasMetadata> void replaceTyped(ResourceType<T> type, JsonNode tree) {
    try {
      cluster.store().update(type, KubernetesJson.JSON.treeToValue(tree, type.modelClass()));
    } catch (JsonProcessingException e) {
      throw new KubectlException("error: " + e.getOriginalMessage() + "\n", 1);
    } catch (ApiException e) {
      throw serverError(e, type);
    }
  }

  private static void setPath(ObjectNode tree, int value, String... path) {
    ObjectNode node = tree;
    for (int i = 0; i < path.length - 1; i++) {
      node = node.has(path[i]) ? (ObjectNode) node.get(path[i]) : node.putObject(path[i]);
    }
    node.put(path[path.length - 1], value);
  }

  private static String name(List<String> p, int index, String command) {
    if (p.size() <= index) {
      throw new KubectlException(
          "error: exactly one NAME is required, got 0\nSee 'kubectl "
              + command
              + " -h' for help and examples\n",
          1);
    }
    if (p.size() > index + 1) {
      throw new KubectlException(
          "error: exactly one NAME is required, got "
              + (p.size() - index)
              + "\nSee 'kubectl "
              + command
              + " -h' for help and examples\n",
          1);
    }
    return p.get(index);
  }

  static int integer(String text, String flag) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new KubectlException(
          "error: invalid argument \""
              + text
              + "\" for \"--"
              + flag
              + "\" flag: strconv.ParseInt: parsing \""
              + text
              + "\": invalid syntax\n",
          1);
    }
  }

  static Set<String> set(String... names) {
    Set<String> all = new LinkedHashSet<>(List.of(names));
    all.addAll(OUTPUT);
    return all;
  }

  static String usage(String command) {
    return "See 'kubectl " + command + " --help' for usage.\n";
  }

  static String lower(ResourceType<?> type) {
    return type.kind().toLowerCase(Locale.ROOT);
  }
}
