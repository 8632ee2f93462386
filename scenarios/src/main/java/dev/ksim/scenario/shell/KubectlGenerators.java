package dev.ksim.scenario.shell;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The objects kubectl's generators build on the client before sending them ({@code create
 * deployment|service|namespace|configmap|secret generic}, {@code run}, {@code expose}), as JSON
 * trees with the fields kubectl fills in, so that {@code --dry-run=client -o yaml} prints what
 * kubectl v1.32 prints and the store defaults the rest.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/tree/v1.34.2/staging/src/k8s.io/kubectl/pkg/cmd/create">kubectl
 *     create</a>
 */
final class KubectlGenerators {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private KubectlGenerators() {}

  /** {@code create deployment NAME --image=I... [--replicas=N] [--port=P]}. */
  static ObjectNode deployment(
      String name, String namespace, List<String> images, int replicas, String port) {
    ObjectNode d = object("apps/v1", "Deployment", name, namespace);
    ((ObjectNode) d.get("metadata")).putObject("labels").put("app", name);
    ObjectNode spec = d.putObject("spec");
    spec.put("replicas", replicas);
    spec.putObject("selector").putObject("matchLabels").put("app", name);
    spec.putObject("strategy");
    ObjectNode template = spec.putObject("template");
    ObjectNode meta = template.putObject("metadata");
    meta.putNull("creationTimestamp");
    meta.putObject("labels").put("app", name);
    ArrayNode containers = template.putObject("spec").putArray("containers");
    for (String image : images) {
      ObjectNode c = containers.addObject();
      c.put("image", image);
      c.put("name", containerName(image));
      if (!port.isEmpty()) {
        c.putArray("ports").addObject().put("containerPort", Integer.parseInt(port));
      }
      c.putObject("resources");
    }
    d.putObject("status");
    return d;
  }

  /** {@code run NAME --image=I [--port=P] [--labels=k=v,...] [--restart=R]}. */
  static ObjectNode pod(
      String name, String namespace, String image, String port, String labels, String restart) {
    ObjectNode p = object("v1", "Pod", name, namespace);
    ObjectNode l = ((ObjectNode) p.get("metadata")).putObject("labels");
    if (labels.isEmpty()) {
      l.put("run", name);
    } else {
      new TreeMap<>(pairs(labels, ",")).forEach(l::put);
    }
    ObjectNode spec = p.putObject("spec");
    ObjectNode c = spec.putArray("containers").addObject();
    c.put("image", image);
    c.put("name", name);
    if (!port.isEmpty()) {
      c.putArray("ports").addObject().put("containerPort", Integer.parseInt(port));
    }
    c.putObject("resources");
    spec.put("dnsPolicy", "ClusterFirst");
    spec.put("restartPolicy", restart.isEmpty() ? "Always" : restart);
    p.putObject("status");
    return p;
  }

  /** {@code create namespace NAME}. */
  static ObjectNode namespace(String name) {
    ObjectNode n = object("v1", "Namespace", name, "");
    n.putObject("spec");
    n.putObject("status");
    return n;
  }

  /** {@code create configmap NAME --from-literal=k=v...}. */
  static ObjectNode configMap(String name, String namespace, List<String> literals) {
    ObjectNode cm = object("v1", "ConfigMap", name, namespace);
    if (!literals.isEmpty()) {
      ObjectNode data = cm.putObject("data");
      literals.forEach(l -> data.put(key(l), value(l)));
    }
    return cm;
  }

  /** {@code create secret generic NAME --from-literal=k=v...}: values base64 as stored. */
  static ObjectNode secret(String name, String namespace, List<String> literals) {
    ObjectNode s = object("v1", "Secret", name, namespace);
    if (!literals.isEmpty()) {
      ObjectNode data = s.putObject("data");
      literals.forEach(
          l ->
              data.put(
                  key(l),
                  Base64.getEncoder().encodeToString(value(l).getBytes(StandardCharsets.UTF_8))));
    }
    return s;
  }

  /**
   * {@code create service TYPE NAME --tcp=PORT[:TARGET]...}: selector and label {@code app=NAME},
   * one port per {@code --tcp} named {@code PORT-TARGET}.
   */
  static ObjectNode service(
      String type,
      String name,
      String namespace,
      List<String> tcp,
      String nodePort,
      String externalName) {
    ObjectNode s = object("v1", "Service", name, namespace);
    ((ObjectNode) s.get("metadata")).putObject("labels").put("app", name);
    ObjectNode spec = s.putObject("spec");
    if (type.equals("ExternalName")) {
      spec.put("externalName", externalName);
    } else {
      ArrayNode ports = spec.putArray("ports");
      for (String item : tcp) {
        String[] parts = item.split(":", 2);
        ObjectNode port = ports.addObject();
        port.put("name", parts.length == 2 ? parts[0] + "-" + parts[1] : parts[0]);
        if (!nodePort.isEmpty()) {
          port.put("nodePort", Integer.parseInt(nodePort));
        }
        port.put("port", Integer.parseInt(parts[0]));
        port.put("protocol", "TCP");
        String target = parts.length == 2 ? parts[1] : parts[0];
        if (target.matches("\\d+")) {
          port.put("targetPort", Integer.parseInt(target));
        } else {
          port.put("targetPort", target);
        }
      }
    }
    spec.putObject("selector").put("app", name);
    spec.put("type", type);
    s.putObject("status").putObject("loadBalancer");
    return s;
  }

  /**
   * {@code expose KIND NAME}: a Service with the exposed object's labels and selector, one port per
   * {@code --port} or per container port of its pods.
   */
  static ObjectNode exposed(
      String name,
      String namespace,
      JsonNode labels,
      JsonNode selector,
      List<Integer> ports,
      String targetPort,
      String protocol,
      String type) {
    ObjectNode s = object("v1", "Service", name, namespace);
    if (!labels.isEmpty()) {
      ((ObjectNode) s.get("metadata")).set("labels", labels.deepCopy());
    }
    ObjectNode spec = s.putObject("spec");
    ArrayNode list = spec.putArray("ports");
    for (int i = 0; i < ports.size(); i++) {
      ObjectNode port = list.addObject();
      if (ports.size() > 1) {
        port.put("name", "port-" + (i + 1));
      }
      port.put("port", ports.get(i));
      port.put("protocol", protocol.isEmpty() ? "TCP" : protocol.toUpperCase(Locale.ROOT));
      String target = targetPort.isEmpty() ? String.valueOf(ports.get(i)) : targetPort;
      if (target.matches("\\d+")) {
        port.put("targetPort", Integer.parseInt(target));
      } else {
        port.put("targetPort", target);
      }
    }
    spec.set("selector", selector.deepCopy());
    if (!type.isEmpty()) {
      spec.put("type", type);
    }
    s.putObject("status").putObject("loadBalancer");
    return s;
  }

  /** kubectl's name for a container of image {@code image}: its last path part, no tag. */
  static String containerName(String image) {
    String base = image.substring(image.lastIndexOf('/') + 1);
    int cut = base.indexOf('@') >= 0 ? base.indexOf('@') : base.indexOf(':');
    return cut < 0 ? base : base.substring(0, cut);
  }

  private static ObjectNode object(String apiVersion, String kind, String name, String namespace) {
    ObjectNode o = JSON.objectNode();
    o.put("apiVersion", apiVersion);
    o.put("kind", kind);
    ObjectNode meta = o.putObject("metadata");
    meta.putNull("creationTimestamp");
    meta.put("name", name);
    if (!namespace.isEmpty() && !namespace.equals("default")) {
      meta.put("namespace", namespace);
    }
    return o;
  }

  /** {@code k=v,k2=v2} as a map. */
  static Map<String, String> pairs(String text, String separator) {
    Map<String, String> map = new LinkedHashMap<>();
    for (String pair : text.split(separator)) {
      map.put(key(pair), value(pair));
    }
    return map;
  }

  private static String key(String literal) {
    int eq = literal.indexOf('=');
    if (eq <= 0) {
      throw new KubectlException(
          "error: invalid literal source " + literal + ", expected key=value\n", 1);
    }
    return literal.substring(0, eq);
  }

  private static String value(String literal) {
    return literal.substring(literal.indexOf('=') + 1);
  }
}
