package dev.ksim.scenario.shell;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A strategic merge patch ({@code kubectl patch}'s default) on the object kinds ksim stores:
 * objects merge and null removes, as in a JSON merge patch, but lists whose items carry a merge key
 * merge item by item instead of being replaced. The keys are Kubernetes' own ({@code patchMergeKey}
 * in k8s.io/api: containers, env, volumes by name; a Service's ports by port; a container's ports
 * by containerPort); other lists are replaced, as the API server does.
 */
public final class StrategicMerge {
  private static final Map<String, String> MERGE_KEYS =
      Map.of(
          "containers", "name",
          "initContainers", "name",
          "env", "name",
          "volumes", "name",
          "volumeMounts", "name",
          "conditions", "type");

  private StrategicMerge() {}

  /** {@code target} with {@code patch} applied (both left unchanged). */
  public static JsonNode apply(JsonNode target, JsonNode patch) {
    return merge(target, patch, "");
  }

  private static JsonNode merge(@Nullable JsonNode target, JsonNode patch, String field) {
    if (patch.isArray() && target != null && target.isArray()) {
      String key = mergeKey(field, (ArrayNode) patch);
      return key == null ? patch : mergeList((ArrayNode) target, (ArrayNode) patch, key);
    }
    if (!patch.isObject()) {
      return patch;
    }
    ObjectNode out =
        target != null && target.isObject()
            ? ((ObjectNode) target).deepCopy()
            : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    patch
        .fields()
        .forEachRemaining(
            f -> {
              if (f.getValue().isNull()) {
                out.remove(f.getKey());
              } else {
                out.set(f.getKey(), merge(out.get(f.getKey()), f.getValue(), f.getKey()));
              }
            });
    return out;
  }

  /** The key items of the list {@code field} merge by, or null to replace the list. */
  private static @Nullable String mergeKey(String field, ArrayNode items) {
    if (field.equals("ports")) {
      // a Service's ports merge by port, a container's by containerPort
      return items.size() > 0 && items.get(0).has("containerPort") ? "containerPort" : "port";
    }
    return MERGE_KEYS.get(field);
  }

  private static ArrayNode mergeList(ArrayNode target, ArrayNode patch, String key) {
    ArrayNode out = target.deepCopy();
    for (JsonNode item : patch) {
      int found = -1;
      for (int i = 0; i < out.size(); i++) {
        if (out.get(i).path(key).equals(item.path(key)) && !item.path(key).isMissingNode()) {
          found = i;
        }
      }
      boolean delete = "delete".equals(item.path("$patch").asText());
      if (found >= 0 && delete) {
        out.remove(found);
      } else if (found >= 0) {
        out.set(found, merge(out.get(found), item, ""));
      } else if (!delete) {
        out.add(item);
      }
    }
    return out;
  }
}
