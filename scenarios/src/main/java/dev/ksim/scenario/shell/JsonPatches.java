package dev.ksim.scenario.shell;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code kubectl patch --type merge} (RFC 7386: objects merge, null removes) and {@code --type
 * json} (RFC 6902: add, remove, replace, test at JSON pointers) on an object's JSON tree.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6902">RFC 6902</a>
 */
final class JsonPatches {
  private JsonPatches() {}

  /** {@code target} with the merge patch applied (both left unchanged). */
  static JsonNode merge(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode result =
        target.isObject()
            ? ((ObjectNode) target).deepCopy()
            : JsonNodeFactory.instance.objectNode();
    patch
        .fields()
        .forEachRemaining(
            field -> {
              if (field.getValue().isNull()) {
                result.remove(field.getKey());
              } else {
                JsonNode existing = result.path(field.getKey());
                result.set(field.getKey(), merge(existing, field.getValue()));
              }
            });
    return result;
  }

  /** {@code target} with the JSON patch's operations applied in order. */
  static JsonNode json(JsonNode target, JsonNode patch) {
    if (!patch.isArray()) {
      throw new KubectlException(
          "error: unable to parse the patch as a JSON patch: expected a list of operations\n", 1);
    }
    JsonNode result = target.deepCopy();
    for (JsonNode op : patch) {
      String path = op.path("path").asText("");
      String name = op.path("op").asText("");
      switch (name) {
        case "add", "replace" -> set(result, path, op.path("value"), name.equals("add"));
        case "remove" -> remove(result, path);
        case "test" -> {
          if (!result.at(path).equals(op.path("value"))) {
            throw new KubectlException("error: testing value " + path + " failed\n", 1);
          }
        }
        default ->
            throw new UnsupportedCommandException(
                "ksim: JSON patch operation \""
                    + name
                    + "\" is not simulated (add, remove,"
                    + " replace, test)");
      }
    }
    return result;
  }

  private static void set(JsonNode root, String path, JsonNode value, boolean add) {
    JsonNode parent = parent(root, path);
    String last = unescape(path.substring(path.lastIndexOf('/') + 1));
    if (parent instanceof ObjectNode o) {
      if (!add && !o.has(last)) {
        throw missing(path);
      }
      o.set(last, value.deepCopy());
    } else if (parent instanceof ArrayNode a) {
      if (last.equals("-")) {
        a.add(value.deepCopy());
      } else if (add) {
        a.insert(index(a, last, path, true), value.deepCopy());
      } else {
        a.set(index(a, last, path, false), value.deepCopy());
      }
    } else {
      throw missing(path);
    }
  }

  private static void remove(JsonNode root, String path) {
    JsonNode parent = parent(root, path);
    String last = unescape(path.substring(path.lastIndexOf('/') + 1));
    if (parent instanceof ObjectNode o && o.has(last)) {
      o.remove(last);
    } else if (parent instanceof ArrayNode a) {
      a.remove(index(a, last, path, false));
    } else {
      throw missing(path);
    }
  }

  private static JsonNode parent(JsonNode root, String path) {
    if (!path.startsWith("/")) {
      throw missing(path);
    }
    JsonNode parent = root.at(path.substring(0, path.lastIndexOf('/')));
    if (parent.isMissingNode()) {
      throw missing(path);
    }
    return parent;
  }

  private static int index(ArrayNode array, String text, String path, boolean forAdd) {
    if (!text.matches("\\d+")) {
      throw missing(path);
    }
    int i = Integer.parseInt(text);
    if (i > array.size() || (!forAdd && i == array.size())) {
      throw missing(path);
    }
    return i;
  }

  private static String unescape(String token) {
    return token.replace("~1", "/").replace("~0", "~");
  }

  private static KubectlException missing(String path) {
    return new KubectlException(
        "The request is invalid: the server rejected our request due to an error in our request:"
            + " doc is missing path: \""
            + path
            + "\": missing value\n",
        1);
  }
}
