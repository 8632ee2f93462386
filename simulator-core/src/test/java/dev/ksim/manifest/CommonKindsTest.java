package dev.ksim.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ksim.apiserver.ResourceType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Services and EndpointSlices made straight from their trees are the objects Jackson makes of the
 * same trees, and have no unknown fields; any tree with something else is left to Jackson.
 */
class CommonKindsTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Values of every JSON type, including the ones Jackson would coerce or refuse. */
  private static final List<JsonNode> ODD_VALUES =
      List.of(
          NODES.nullNode(),
          NODES.numberNode(80),
          NODES.numberNode(1L << 40),
          NODES.numberNode(1.5),
          NODES.textNode("80"),
          NODES.textNode("x"),
          NODES.textNode(""),
          NODES.booleanNode(true),
          NODES.arrayNode(),
          NODES.arrayNode().add("a"),
          NODES.objectNode(),
          NODES.objectNode().put("a", "b"));

  @Test
  void readsTheScaleWorkloadsDocumentsAsJacksonDoes() {
    String text =
        "apiVersion: v1\nkind: Service\nmetadata: {name: s1, namespace: default}\n"
            + "spec: {ports: [{name: http, port: 80, protocol: TCP, targetPort: 8080}]}\n"
            + "---\napiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\n"
            + "metadata: {name: s1-abc, namespace: default, labels: {kubernetes.io/service-name:"
            + " s1}}\naddressType: IPv4\nports: [{name: http, port: 8080, protocol: TCP}]\n"
            + "endpoints: [{addresses: [10.100.0.11], conditions: {ready: true}},"
            + " {addresses: [10.100.0.12], conditions: {ready: true}}]\n";
    List<YamlDocument> documents = YamlReader.read("m.yaml", text);

    Service service = (Service) assertSameAsJackson(ResourceType.SERVICE, documents.get(0).tree());
    EndpointSlice slice =
        (EndpointSlice) assertSameAsJackson(ResourceType.ENDPOINT_SLICE, documents.get(1).tree());

    assertThat(service.getSpec().getPorts().get(0).getTargetPort().getIntVal()).isEqualTo(8080);
    assertThat(slice.getEndpoints()).hasSize(2);
  }

  @Test
  void theNginxExamplesServiceIsReadAsJacksonDoes() {
    YamlDocument service =
        YamlReader.read("nginx", CommonYamlTest.corpus("nginx")).stream()
            .filter(d -> d.text("kind").equals("Service"))
            .findFirst()
            .orElseThrow();

    assertSameAsJackson(ResourceType.SERVICE, service.tree());
  }

  @Test
  void generatedTreesGiveJacksonsObjectsOrAreLeftToIt() {
    SplittableRandom random = new SplittableRandom(16);
    int read = 0;
    int tries = 20_000;
    for (int round = 0; round < tries; round++) {
      boolean service = random.nextBoolean();
      ObjectNode tree = service ? service(random) : endpointSlice(random);
      if (random.nextInt(3) == 0) {
        spoil(tree, random);
      }
      ResourceType<?> type = service ? ResourceType.SERVICE : ResourceType.ENDPOINT_SLICE;
      Optional<HasMetadata> common = CommonKinds.read(type, tree);
      if (common.isPresent()) {
        read++;
        assertThat(common.get()).isEqualTo(jackson(type, tree));
        assertThat(json(common.get())).isEqualTo(json(jackson(type, tree)));
        assertThat(ManifestLoader.unknownFields(tree, type)).isEmpty();
        assertSameCollectionClasses(common.get(), jackson(type, tree));
      }
    }
    // both ways are taken often: the shortcut neither refuses everything nor takes everything
    assertThat(read).isBetween(tries / 20, tries * 19 / 20);
  }

  @Test
  void otherKindsAreLeftToJackson() {
    ObjectNode configMap = NODES.objectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
    configMap.putObject("metadata").put("name", "c");

    assertThat(CommonKinds.read(ResourceType.CONFIG_MAP, configMap)).isEmpty();
  }

  private static HasMetadata assertSameAsJackson(ResourceType<?> type, JsonNode tree) {
    Optional<HasMetadata> common = CommonKinds.read(type, tree);
    assertThat(common).isPresent();
    assertThat(common.get()).isEqualTo(jackson(type, tree));
    assertThat(json(common.get())).isEqualTo(json(jackson(type, tree)));
    assertSameCollectionClasses(common.get(), jackson(type, tree));
    return common.get();
  }

  /** The lists and maps hold the same classes as Jackson's (an ArrayList, a LinkedHashMap). */
  private static void assertSameCollectionClasses(HasMetadata common, HasMetadata jackson) {
    assertThat(classes(common.getMetadata().getLabels()))
        .isEqualTo(classes(jackson.getMetadata().getLabels()));
    if (common instanceof Service service) {
      Service other = (Service) jackson;
      assertThat(classes(service.getSpec() == null ? null : service.getSpec().getPorts()))
          .isEqualTo(classes(other.getSpec() == null ? null : other.getSpec().getPorts()));
      assertThat(classes(service.getSpec() == null ? null : service.getSpec().getSelector()))
          .isEqualTo(classes(other.getSpec() == null ? null : other.getSpec().getSelector()));
    } else {
      EndpointSlice slice = (EndpointSlice) common;
      EndpointSlice other = (EndpointSlice) jackson;
      assertThat(classes(slice.getEndpoints())).isEqualTo(classes(other.getEndpoints()));
      assertThat(classes(slice.getPorts())).isEqualTo(classes(other.getPorts()));
    }
  }

  private static String classes(Object collection) {
    return collection == null ? "null" : collection.getClass().getName();
  }

  private static HasMetadata jackson(ResourceType<?> type, JsonNode tree) {
    try {
      return KubernetesJson.JSON.treeToValue(tree, type.modelClass());
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new AssertionError("the shortcut read a tree Jackson refuses: " + tree, e);
    }
  }

  private static String json(HasMetadata object) {
    try {
      return KubernetesJson.JSON.writeValueAsString(object);
    } catch (JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  private static ObjectNode service(SplittableRandom random) {
    ObjectNode tree = NODES.objectNode().put("apiVersion", "v1").put("kind", "Service");
    tree.set("metadata", metadata(random));
    ObjectNode spec = tree.putObject("spec");
    ArrayNode ports = spec.putArray("ports");
    for (int i = random.nextInt(3); i > 0; i--) {
      ObjectNode port = ports.addObject().put("port", 80 + i);
      some(random, port, "name", NODES.textNode("p" + i));
      some(random, port, "protocol", NODES.textNode("UDP"));
      some(
          random,
          port,
          "targetPort",
          random.nextBoolean() ? NODES.numberNode(8080) : NODES.textNode("http"));
      some(random, port, "nodePort", NODES.numberNode(30080 + i));
      some(random, port, "appProtocol", NODES.textNode("h2c"));
    }
    some(random, spec, "selector", NODES.objectNode().put("app", "a").put("tier", "b"));
    some(random, spec, "type", NODES.textNode("NodePort"));
    some(random, spec, "clusterIP", NODES.textNode("10.96.0.10"));
    some(random, spec, "clusterIPs", NODES.arrayNode().add("10.96.0.10"));
    some(random, spec, "externalIPs", NODES.arrayNode().add("192.0.2.1").add("192.0.2.2"));
    some(random, spec, "externalName", NODES.textNode("example.com"));
    some(random, spec, "sessionAffinity", NODES.textNode("ClientIP"));
    some(random, spec, "externalTrafficPolicy", NODES.textNode("Local"));
    some(random, spec, "internalTrafficPolicy", NODES.textNode("Local"));
    some(random, spec, "ipFamilies", NODES.arrayNode().add("IPv4"));
    some(random, spec, "ipFamilyPolicy", NODES.textNode("SingleStack"));
    some(random, spec, "publishNotReadyAddresses", NODES.booleanNode(random.nextBoolean()));
    return tree;
  }

  private static ObjectNode endpointSlice(SplittableRandom random) {
    ObjectNode tree =
        NODES.objectNode().put("apiVersion", "discovery.k8s.io/v1").put("kind", "EndpointSlice");
    tree.set("metadata", metadata(random));
    some(random, tree, "addressType", NODES.textNode("IPv4"));
    ArrayNode ports = tree.putArray("ports");
    for (int i = random.nextInt(3); i > 0; i--) {
      ObjectNode port = ports.addObject().put("port", 8080 + i);
      some(random, port, "name", NODES.textNode("p" + i));
      some(random, port, "protocol", NODES.textNode("TCP"));
      some(random, port, "appProtocol", NODES.textNode("h2c"));
    }
    ArrayNode endpoints = tree.putArray("endpoints");
    for (int i = random.nextInt(4); i > 0; i--) {
      ObjectNode endpoint = endpoints.addObject();
      endpoint.putArray("addresses").add("10.100.0." + i);
      ObjectNode conditions = NODES.objectNode();
      some(random, conditions, "ready", NODES.booleanNode(random.nextBoolean()));
      some(random, conditions, "serving", NODES.booleanNode(true));
      some(random, conditions, "terminating", NODES.booleanNode(false));
      some(random, endpoint, "conditions", conditions);
      some(random, endpoint, "hostname", NODES.textNode("h" + i));
      some(random, endpoint, "nodeName", NODES.textNode("node-" + i));
      some(random, endpoint, "zone", NODES.textNode("z"));
    }
    return tree;
  }

  private static ObjectNode metadata(SplittableRandom random) {
    ObjectNode metadata = NODES.objectNode().put("name", "n" + random.nextInt(100));
    some(random, metadata, "namespace", NODES.textNode("default"));
    some(random, metadata, "generateName", NODES.textNode("g-"));
    some(random, metadata, "labels", NODES.objectNode().put("kubernetes.io/service-name", "s"));
    some(random, metadata, "annotations", NODES.objectNode().put("a", "b").put("c", "d"));
    return metadata;
  }

  /** Sets {@code field} to {@code value} one time in two. */
  private static void some(SplittableRandom random, ObjectNode tree, String field, JsonNode value) {
    if (random.nextBoolean()) {
      tree.set(field, value);
    }
  }

  /**
   * Puts an odd value or an unknown field somewhere in {@code tree}: each kind of value at each
   * field, types Jackson coerces, nulls, fields the model has but the shortcut does not read.
   */
  private static void spoil(ObjectNode tree, SplittableRandom random) {
    ObjectNode target = tree;
    while (true) {
      List<Map.Entry<String, JsonNode>> containers =
          target.properties().stream().filter(e -> e.getValue().isContainerNode()).toList();
      if (containers.isEmpty() || random.nextInt(3) == 0) {
        break;
      }
      JsonNode next = containers.get(random.nextInt(containers.size())).getValue();
      if (next.isArray()) {
        if (next.isEmpty() || !next.get(0).isObject()) {
          break;
        }
        next = next.get(random.nextInt(next.size()));
      }
      target = (ObjectNode) next;
    }
    List<String> names = List.copyOf(target.properties().stream().map(Map.Entry::getKey).toList());
    String field =
        names.isEmpty() || random.nextInt(4) == 0
            ? List.of("status", "selectr", "targetRef", "finalizers", "hints")
                .get(random.nextInt(5))
            : names.get(random.nextInt(names.size()));
    target.set(field, ODD_VALUES.get(random.nextInt(ODD_VALUES.size())));
  }
}
