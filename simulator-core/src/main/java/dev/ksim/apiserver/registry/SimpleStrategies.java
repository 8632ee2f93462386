package dev.ksim.apiserver.registry;

import dev.ksim.apiserver.Admission;
import dev.ksim.apiserver.ApiException;
import dev.ksim.apiserver.FieldError;
import dev.ksim.net.IpAddress;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The registries of the kinds with little to default: Namespace, Node, ConfigMap, Secret, Endpoints
 * and EndpointSlice. Each checks its name and the fields the data path relies on.
 */
public final class SimpleStrategies {
  private SimpleStrategies() {}

  public static Admission<Namespace> namespaces() {
    return (old, ns, undo) -> {
      check(ns, "Namespace", Names::dns1123Label, old == null, new ArrayList<>());
      if (ns.getStatus() == null) {
        ns.setStatus(new NamespaceStatus());
      }
      if (ns.getStatus().getPhase() == null) {
        ns.getStatus().setPhase("Active");
      }
      Map<String, String> labels =
          ns.getMetadata().getLabels() == null
              ? new HashMap<>()
              : new HashMap<>(ns.getMetadata().getLabels());
      labels.put("kubernetes.io/metadata.name", ns.getMetadata().getName());
      ns.getMetadata().setLabels(labels);
    };
  }

  /**
   * Nodes: the pod CIDRs and addresses the data path is built from, as ValidateNode
   * (pkg/apis/core/validation/validation.go at v1.34.2) checks spec.podCIDRs, and as the kubelet
   * refuses a node IP that is not an address.
   */
  public static Admission<Node> nodes() {
    return (old, node, undo) -> {
      List<FieldError> errors = new ArrayList<>();
      if (node.getSpec() != null) {
        List<String> podCidrs = new ArrayList<>();
        if (node.getSpec().getPodCIDRs() != null && !node.getSpec().getPodCIDRs().isEmpty()) {
          podCidrs.addAll(node.getSpec().getPodCIDRs());
        } else if (node.getSpec().getPodCIDR() != null && !node.getSpec().getPodCIDR().isEmpty()) {
          podCidrs.add(node.getSpec().getPodCIDR());
        }
        for (int i = 0; i < podCidrs.size(); i++) {
          Names.cidr("spec.podCIDRs[" + i + "]", podCidrs.get(i)).ifPresent(errors::add);
        }
      }
      if (node.getStatus() != null && node.getStatus().getAddresses() != null) {
        var addresses = node.getStatus().getAddresses();
        for (int i = 0; i < addresses.size(); i++) {
          String type = addresses.get(i).getType();
          String address =
              addresses.get(i).getAddress() == null ? "" : addresses.get(i).getAddress();
          if ("InternalIP".equals(type) || "ExternalIP".equals(type)) {
            Names.ip("status.addresses[" + i + "].address", address).ifPresent(errors::add);
          }
        }
      }
      check(node, "Node", Names::dns1123Subdomain, old == null, errors);
    };
  }

  /**
   * ConfigMaps: at most 1 MiB of data and binaryData together, as ValidateConfigMap
   * (pkg/apis/core/validation/validation.go at v1.34.2, core.MaxSecretSize) limits them.
   */
  public static Admission<ConfigMap> configMaps() {
    return (old, cm, undo) -> {
      List<FieldError> errors = new ArrayList<>();
      long total = 0;
      if (cm.getData() != null) {
        for (Map.Entry<String, String> entry : cm.getData().entrySet()) {
          total += Names.utf8Length(entry.getKey());
          total += entry.getValue() == null ? 0 : Names.utf8Length(entry.getValue());
        }
      }
      if (cm.getBinaryData() != null) {
        for (Map.Entry<String, String> entry : cm.getBinaryData().entrySet()) {
          total += Names.utf8Length(entry.getKey());
          total += entry.getValue() == null ? 0 : entry.getValue().length() * 3L / 4;
        }
      }
      if (total > MAX_CONFIG_MAP_BYTES) {
        errors.add(
            new FieldError(
                "[]", "Too long: may not be more than " + MAX_CONFIG_MAP_BYTES + " bytes"));
      }
      check(cm, "ConfigMap", Names::dns1123Subdomain, old == null, errors);
    };
  }

  /** core.MaxSecretSize, which also bounds a ConfigMap's data. */
  static final int MAX_CONFIG_MAP_BYTES = 1024 * 1024;

  public static Admission<Secret> secrets() {
    return (old, secret, undo) -> {
      if (secret.getType() == null) {
        secret.setType("Opaque");
      }
      check(secret, "Secret", Names::dns1123Subdomain, old == null, new ArrayList<>());
    };
  }

  public static Admission<Endpoints> endpoints() {
    return (old, endpoints, undo) -> {
      List<FieldError> errors = new ArrayList<>();
      for (int i = 0; i < endpoints.getSubsets().size(); i++) {
        EndpointSubset subset = endpoints.getSubsets().get(i);
        String path = "subsets[" + i + "]";
        checkAddresses(path + ".addresses", subset.getAddresses(), errors);
        checkAddresses(path + ".notReadyAddresses", subset.getNotReadyAddresses(), errors);
        for (int j = 0; j < subset.getPorts().size(); j++) {
          EndpointPort port = subset.getPorts().get(j);
          if (port.getProtocol() == null) {
            port.setProtocol("TCP");
          }
          if (port.getPort() == null) {
            errors.add(FieldError.required(path + ".ports[" + j + "].port", ""));
          } else {
            Names.portNumber(path + ".ports[" + j + "].port", port.getPort())
                .ifPresent(errors::add);
          }
          if (subset.getPorts().size() > 1
              && (port.getName() == null || port.getName().isEmpty())) {
            errors.add(FieldError.required(path + ".ports[" + j + "].name", ""));
          }
        }
      }
      check(endpoints, "Endpoints", Names::dns1123Subdomain, old == null, errors);
    };
  }

  private static void checkAddresses(
      String path, List<EndpointAddress> addresses, List<FieldError> errors) {
    for (int k = 0; k < addresses.size(); k++) {
      String ip = addresses.get(k).getIp();
      if (ip == null || IpAddress.tryParse(ip).isEmpty()) {
        errors.add(
            FieldError.invalid(
                path + "[" + k + "].ip",
                ip == null ? "" : ip,
                "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
      }
    }
  }

  public static Admission<EndpointSlice> endpointSlices() {
    return (old, slice, undo) -> {
      List<FieldError> errors = new ArrayList<>();
      String type = slice.getAddressType();
      if (type == null) {
        errors.add(FieldError.required("addressType", ""));
      } else if (!List.of("IPv4", "IPv6", "FQDN").contains(type)) {
        errors.add(FieldError.notSupported("addressType", type, List.of("FQDN", "IPv4", "IPv6")));
      }
      if (slice.getEndpoints().size() > 1000) {
        errors.add(
            new FieldError(
                "endpoints",
                "Too many: " + slice.getEndpoints().size() + ": must have at most 1000 items"));
      }
      for (int i = 0; i < slice.getEndpoints().size(); i++) {
        Endpoint endpoint = slice.getEndpoints().get(i);
        if (endpoint.getAddresses().isEmpty()) {
          errors.add(
              FieldError.required(
                  "endpoints[" + i + "].addresses", "must contain at least 1 address"));
        }
        for (int j = 0; j < endpoint.getAddresses().size(); j++) {
          String address = endpoint.getAddresses().get(j);
          Optional<IpAddress> ip = IpAddress.tryParse(address);
          boolean ok =
              "FQDN".equals(type) || (ip.isPresent() && ip.get().family().token().equals(type));
          if (!ok) {
            errors.add(
                FieldError.invalid(
                    "endpoints[" + i + "].addresses[" + j + "]",
                    address,
                    "must be a valid " + type + " address"));
          }
        }
      }
      slice
          .getPorts()
          .forEach(
              p -> {
                if (p.getProtocol() == null) {
                  p.setProtocol("TCP");
                }
              });
      check(slice, "EndpointSlice", Names::dns1123Subdomain, old == null, errors);
    };
  }

  /** Checks the name (on create) and labels, and raises {@code errors} with them, if any. */
  static void check(
      HasMetadata object,
      String kind,
      BiFunction<String, String, Optional<FieldError>> nameRule,
      boolean isCreate,
      List<FieldError> errors) {
    String name = object.getMetadata().getName();
    if (isCreate) {
      nameRule.apply("metadata.name", name).ifPresent(errors::add);
    }
    if (object.getMetadata().getLabels() != null) {
      Names.labels("metadata.labels", object.getMetadata().getLabels(), errors);
    }
    Names.annotations("metadata.annotations", object.getMetadata().getAnnotations(), errors);
    if (!errors.isEmpty()) {
      throw ApiException.invalid(kind, name, errors);
    }
  }
}
