package dev.ksim.image;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ksim.input.KsimInputException;
import dev.ksim.input.SourceLocation;
import dev.ksim.manifest.YamlDocument;
import dev.ksim.manifest.YamlReader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads an image catalogue file: one YAML document with a list {@code images}, each entry an {@link
 * ImageProfile}. A mistake is reported as {@code file:line: field: message}.
 */
final class CatalogueReader {
  private static final Set<String> PROFILE_FIELDS =
      Set.of(
          "image",
          "also",
          "tag",
          "arg",
          "listen",
          "portFlag",
          "http",
          "notHttp",
          "values",
          "database",
          "dataDir");
  private static final Set<String> ANSWER_FIELDS = Set.of("status", "headers", "body");

  private final YamlDocument document;

  private CatalogueReader(YamlDocument document) {
    this.document = document;
  }

  static List<ImageProfile> read(String file, String text) {
    List<YamlDocument> documents = YamlReader.read(file, text);
    if (documents.size() != 1) {
      throw new KsimInputException(
          new SourceLocation(file, 1, null),
          "an image catalogue is one YAML document with a list 'images', found "
              + documents.size()
              + " documents");
    }
    return new CatalogueReader(documents.get(0)).profiles();
  }

  private List<ImageProfile> profiles() {
    JsonNode root = document.tree();
    JsonNode images = root.get("images");
    if (!root.isObject() || images == null || !images.isArray()) {
      throw error("images", "required: a list of images");
    }
    fields(root, "", Set.of("images"));
    List<ImageProfile> profiles = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      profiles.add(profile(images.get(i), "images[" + i + "]"));
    }
    return profiles;
  }

  private ImageProfile profile(JsonNode node, String path) {
    if (!node.isObject()) {
      throw error(path, "expected a mapping");
    }
    fields(node, path + ".", PROFILE_FIELDS);
    String image = text(node, "image");
    if (image == null || image.isEmpty()) {
      throw error(path + ".image", "required");
    }
    List<String> also = new ArrayList<>();
    JsonNode alsoNode = node.get("also");
    if (alsoNode != null) {
      for (int i = 0; i < alsoNode.size(); i++) {
        also.add(ImageReference.parse(alsoNode.get(i).asText()).repository());
      }
    }
    List<ListeningPort> listen = new ArrayList<>();
    JsonNode listenNode = node.get("listen");
    if (listenNode != null) {
      if (!listenNode.isArray()) {
        throw error(path + ".listen", "expected a list of PORT[/PROTOCOL]");
      }
      for (int i = 0; i < listenNode.size(); i++) {
        String at = path + ".listen[" + i + "]";
        String text = listenNode.get(i).asText();
        listen.add(
            ListeningPort.tryParse(text)
                .orElseThrow(
                    () ->
                        error(
                            at,
                            "expected PORT[/PROTOCOL] (TCP, UDP or SCTP), got \"" + text + "\"")));
      }
    }
    Map<String, HttpAnswer> http = new LinkedHashMap<>();
    JsonNode httpNode = node.get("http");
    if (httpNode != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = httpNode.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        String at = path + ".http." + entry.getKey();
        if (!entry.getKey().equals("*") && !entry.getKey().startsWith("/")) {
          throw error(at, "a path starts with / (or is * for any other path)");
        }
        http.put(entry.getKey(), answer(entry.getValue(), at));
      }
    }
    Map<String, String> values = new LinkedHashMap<>();
    JsonNode valuesNode = node.get("values");
    if (valuesNode != null) {
      valuesNode.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
    }
    String databaseName = text(node, "database");
    Database database = null;
    if (databaseName != null) {
      database =
          Database.tryParse(databaseName)
              .orElseThrow(
                  () ->
                      error(
                          path + ".database",
                          "expected redis, mysql or mongodb, got \"" + databaseName + "\""));
    }
    String dataDir = text(node, "dataDir");
    if (dataDir != null && !dataDir.startsWith("/")) {
      throw error(path + ".dataDir", "expected an absolute path, got \"" + dataDir + "\"");
    }
    return new ImageProfile(
        ImageReference.parse(image).repository(),
        also,
        text(node, "tag"),
        text(node, "arg"),
        listen,
        text(node, "portFlag"),
        http,
        text(node, "notHttp"),
        values,
        database,
        dataDir);
  }

  private HttpAnswer answer(JsonNode node, String path) {
    if (!node.isObject()) {
      throw error(path, "expected a mapping with status, headers and body");
    }
    fields(node, path + ".", ANSWER_FIELDS);
    int status = node.has("status") ? node.get("status").asInt(-1) : 200;
    if (status < 100 || status > 599) {
      throw error(path + ".status", "expected an HTTP status code (100-599)");
    }
    List<Header> headers = new ArrayList<>();
    JsonNode headersNode = node.get("headers");
    if (headersNode != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = headersNode.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        String value = entry.getValue().asText();
        placeholder(path + ".headers." + entry.getKey(), value);
        headers.add(new Header(entry.getKey(), value));
      }
    }
    String body = node.has("body") ? node.get("body").asText() : "";
    placeholder(path + ".body", body);
    return new HttpAnswer(status, headers, body);
  }

  private void placeholder(String path, String text) {
    Optional<String> unknown = Template.unknownPlaceholder(text);
    if (unknown.isPresent()) {
      throw error(path, "unknown placeholder {{" + unknown.get() + "}}");
    }
  }

  private void fields(JsonNode node, String prefix, Set<String> allowed) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!allowed.contains(name)) {
        throw error(prefix + name, "unknown field \"" + name + "\"");
      }
    }
  }

  private static @Nullable String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private KsimInputException error(String path, String message) {
    return new KsimInputException(document.locate(path), message);
  }
}
