package dev.ksim.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ksim.apiserver.ResourceType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Makes the kinds a large manifest is mostly made of (Services and EndpointSlices) from their JSON
 * trees with the model's setters, as Jackson's bean deserializers make them: the same objects,
 * collections of the same classes. Only the fields written here, with values of their own JSON type
 * (text for a string, an int for an integer, no nulls), are read; any other field or value gives
 * empty, and the document goes the general way (Jackson, then the search for unknown fields), so
 * that its coercions, warnings and errors stay Jackson's and kubectl's. A tree read here has no
 * unknown field: each field it holds is one the model class has.
 *
 * <p>Why: Jackson's deserializers walk a token stream over the tree and set each property by
 * reflection, and the unknown fields were searched in a second walk; for 10,000 Services and their
 * EndpointSlices, both mostly run cold, that cost more CPU than reading the YAML itself.
 */
final class CommonKinds {
  private CommonKinds() {}

  /** The object of {@code tree}, of {@code type}, or empty when it is outside the common kinds. */
  static Optional<HasMetadata> read(ResourceType<?> type, JsonNode tree) {
    try {
      if (type.equals(ResourceType.SERVICE)) {
        return Optional.of(service(tree));
      }
      if (type.equals(ResourceType.ENDPOINT_SLICE)) {
        return Optional.of(endpointSlice(tree));
      }
    } catch (Uncommon e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static Service service(JsonNode tree) {
    return object(tree, new Service(), CommonKinds::serviceField);
  }

  private static boolean serviceField(Service service, String key, JsonNode value) {
    switch (key) {
      case "apiVersion" -> service.setApiVersion(string(value));
      case "kind" -> service.setKind(string(value));
      case "metadata" -> service.setMetadata(metadata(value));
      case "spec" -> service.setSpec(serviceSpec(value));
      default -> {
        return false;
      }
    }
    return true;
  }

  private static ServiceSpec serviceSpec(JsonNode tree) {
    return object(tree, new ServiceSpec(), CommonKinds::serviceSpecField);
  }

  private static boolean serviceSpecField(ServiceSpec spec, String key, JsonNode value) {
    switch (key) {
      case "ports" -> spec.setPorts(list(value, CommonKinds::servicePort));
      case "selector" -> spec.setSelector(strings(value));
      case "type" -> spec.setType(string(value));
      case "clusterIP" -> spec.setClusterIP(string(value));
      case "clusterIPs" -> spec.setClusterIPs(list(value, CommonKinds::string));
      case "externalIPs" -> spec.setExternalIPs(list(value, CommonKinds::string));
      case "externalName" -> spec.setExternalName(string(value));
      case "sessionAffinity" -> spec.setSessionAffinity(string(value));
      case "externalTrafficPolicy" -> spec.setExternalTrafficPolicy(string(value));
      case "internalTrafficPolicy" -> spec.setInternalTrafficPolicy(string(value));
      case "ipFamilies" -> spec.setIpFamilies(list(value, CommonKinds::string));
      case "ipFamilyPolicy" -> spec.setIpFamilyPolicy(string(value));
      case "publishNotReadyAddresses" -> spec.setPublishNotReadyAddresses(bool(value));
      default -> {
        return false;
      }
    }
    return true;
  }

  private static ServicePort servicePort(JsonNode tree) {
    return object(tree, new ServicePort(), CommonKinds::servicePortField);
  }

  private static boolean servicePortField(ServicePort port, String key, JsonNode value) {
    switch (key) {
      case "name" -> port.setName(string(value));
      case "protocol" -> port.setProtocol(string(value));
      case "port" -> port.setPort(integer(value));
      case "targetPort" -> port.setTargetPort(intOrString(value));
      case "nodePort" -> port.setNodePort(integer(value));
      case "appProtocol" -> port.setAppProtocol(string(value));
      default -> {
        return false;
      }
    }
    return true;
  }

  private static EndpointSlice endpointSlice(JsonNode tree) {
    return object(tree, new EndpointSlice(), CommonKinds::endpointSliceField);
  }

  private static boolean endpointSliceField(EndpointSlice slice, String key, JsonNode value) {
    switch (key) {
      case "apiVersion" -> slice.setApiVersion(string(value));
      case "kind" -> slice.setKind(string(value));
      case "metadata" -> slice.setMetadata(metadata(value));
      case "addressType" -> slice.setAddressType(string(value));
      case "ports" -> slice.setPorts(list(value, CommonKinds::endpointPort));
      case "endpoints" -> slice.setEndpoints(list(value, CommonKinds::endpoint));
      default -> {
        return false;
      }
    }
    return true;
  }

  private static EndpointPort endpointPort(JsonNode tree) {
    return object(tree, new EndpointPort(), CommonKinds::endpointPortField);
  }

  private static boolean endpointPortField(EndpointPort port, String key, JsonNode value) {
    switch (key) {
      case "name" -> port.setName(string(value));
      case "protocol" -> port.setProtocol(string(value));
      case "port" -> port.setPort(integer(value));
      case "appProtocol" -> port.setAppProtocol(string(value));
      default -> {
        return false;
      }
    }
    return true;
  }

  private static Endpoint endpoint(JsonNode tree) {
    return object(tree, new Endpoint(), CommonKinds::endpointField);
  }

  private static boolean endpointField(Endpoint endpoint, String key, JsonNode value) {
    switch (key) {
      case "addresses" -> endpoint.setAddresses(list(value, CommonKinds::string));
      case "conditions" -> endpoint.setConditions(conditions(value));
      case "hostname" -> endpoint.setHostname(string(value));
      case "nodeName" -> endpoint.setNodeName(string(value));
      case "zone" -> endpoint.setZone(string(value));
      default -> {
        return false;
      }
    }
    return true;
  }

  private static EndpointConditions conditions(JsonNode tree) {
    return object(tree, new EndpointConditions(), CommonKinds::conditionsField);
  }

  private static boolean conditionsField(
      EndpointConditions conditions, String key, JsonNode value) {
    switch (key) {
      case "ready" -> conditions.setReady(bool(value));
      case "serving" -> conditions.setServing(bool(value));
      case "terminating" -> conditions.setTerminating(bool(value));
      default -> {
        return false;
      }
    }
    return true;
  }

  private static ObjectMeta metadata(JsonNode tree) {
    return object(tree, new ObjectMeta(), CommonKinds::metadataField);
  }

  private static boolean metadataField(ObjectMeta metadata, String key, JsonNode value) {
    switch (key) {
      case "name" -> metadata.setName(string(value));
      case "generateName" -> metadata.setGenerateName(string(value));
      case "namespace" -> metadata.setNamespace(string(value));
      case "labels" -> metadata.setLabels(strings(value));
      case "annotations" -> metadata.setAnnotations(strings(value));
      default -> {
        return false;
      }
    }
    return true;
  }

  /** Sets one field of a model object; false when the shortcut does not read that field. */
  @FunctionalInterface
  private interface FieldSetter<T> {
    boolean set(T target, String key, JsonNode value);
  }

  /** {@code target} with each field of {@code tree} set on it. */
  private static <T> T object(JsonNode tree, T target, FieldSetter<T> setter) {
    for (Map.Entry<String, JsonNode> field : fields(tree)) {
      if (!setter.set(target, field.getKey(), field.getValue())) {
        throw new Uncommon();
      }
    }
    return target;
  }

  private static Iterable<Map.Entry<String, JsonNode>> fields(JsonNode tree) {
    if (!(tree instanceof ObjectNode object)) {
      throw new Uncommon();
    }
    return object.properties();
  }

  /** A list of the items' values, an {@link ArrayList} as Jackson's. */
  private static <T> List<T> list(JsonNode tree, Function<JsonNode, T> item) {
    if (!tree.isArray()) {
      throw new Uncommon();
    }
    List<T> list = new ArrayList<>(tree.size());
    for (JsonNode element : tree) {
      list.add(item.apply(element));
    }
    return list;
  }

  /** A map of strings, a {@link LinkedHashMap} in the document's order as Jackson's. */
  private static Map<String, String> strings(JsonNode tree) {
    Map<String, String> map = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> field : fields(tree)) {
      map.put(field.getKey(), string(field.getValue()));
    }
    return map;
  }

  private static String string(JsonNode value) {
    if (!value.isTextual()) {
      throw new Uncommon();
    }
    return value.textValue();
  }

  private static Integer integer(JsonNode value) {
    if (!value.isInt()) {
      throw new Uncommon();
    }
    return value.intValue();
  }

  private static Boolean bool(JsonNode value) {
    if (!value.isBoolean()) {
      throw new Uncommon();
    }
    return value.booleanValue();
  }

  /** A number or a name, as IntOrString's creator takes the value Jackson reads untyped. */
  private static IntOrString intOrString(JsonNode value) {
    return new IntOrString(value.isInt() ? (Object) value.intValue() : string(value));
  }
}
