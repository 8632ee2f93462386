package dev.ksim.apiserver.registry;

import dev.ksim.apiserver.Admission;
import dev.ksim.apiserver.ApiStore;
import dev.ksim.apiserver.FieldError;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.net.IpAddress;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registries of networking.k8s.io/v1 Ingress and IngressClass: validation as the API server's
 * networking validation does it, and the DefaultIngressClass admission plugin (an Ingress created
 * without a class gets the one IngressClass annotated as default).
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/pkg/apis/networking/validation/validation.go">pkg/apis/networking/validation</a>
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/plugin/pkg/admission/network/defaultingressclass/admission.go">DefaultIngressClass</a>
 */
public final class NetworkingStrategy {
  /** The annotation that makes an IngressClass the default. */
  public static final String DEFAULT_CLASS_ANNOTATION =
      "ingressclass.kubernetes.io/is-default-class";

  private static final List<String> PATH_TYPES =
      List.of("Exact", "ImplementationSpecific", "Prefix");

  private NetworkingStrategy() {}

  public static Admission<IngressClass> ingressClasses() {
    return (old, ingressClass, undo) -> {
      List<FieldError> errors = new ArrayList<>();
      String controller =
          ingressClass.getSpec() == null ? null : ingressClass.getSpec().getController();
      if (controller == null || controller.isEmpty()) {
        errors.add(FieldError.required("spec.controller", ""));
      } else if (controller.length() > 250) {
        errors.add(
            FieldError.invalid(
                "spec.controller", controller, "must be no more than 250 characters"));
      }
      SimpleStrategies.check(
          ingressClass, "IngressClass", Names::dns1123Subdomain, old == null, errors);
    };
  }

  public static Admission<Ingress> ingresses(ApiStore store) {
    return (old, ingress, undo) -> {
      List<FieldError> errors = new ArrayList<>();
      var spec = ingress.getSpec();
      if (spec == null || (spec.getDefaultBackend() == null && spec.getRules().isEmpty())) {
        errors.add(
            FieldError.invalidLiteral(
                "spec", "{}", "either `defaultBackend` or `rules` must be specified"));
      } else {
        if (old == null && spec.getIngressClassName() == null) {
          defaultClass(store).ifPresent(spec::setIngressClassName);
        }
        if (spec.getIngressClassName() != null) {
          Names.dns1123Subdomain("spec.ingressClassName", spec.getIngressClassName())
              .ifPresent(errors::add);
        }
        if (spec.getDefaultBackend() != null) {
          backend("spec.defaultBackend", spec.getDefaultBackend(), errors);
        }
        for (int i = 0; i < spec.getRules().size(); i++) {
          rule("spec.rules[" + i + "]", spec.getRules().get(i), errors);
        }
      }
      if (ingress.getStatus() == null) {
        ingress.setStatus(new IngressStatus());
      }
      SimpleStrategies.check(ingress, "Ingress", Names::dns1123Subdomain, old == null, errors);
    };
  }

  /** The IngressClass annotated as default, if exactly one is (as the admission plugin picks). */
  private static Optional<String> defaultClass(ApiStore store) {
    List<String> defaults =
        store.<IngressClass>list(ResourceType.INGRESS_CLASS).stream()
            .filter(c -> isDefault(c.getMetadata().getAnnotations()))
            .map(c -> c.getMetadata().getName())
            .toList();
    return defaults.size() == 1 ? Optional.of(defaults.get(0)) : Optional.empty();
  }

  private static boolean isDefault(Map<String, String> annotations) {
    return annotations != null && "true".equals(annotations.get(DEFAULT_CLASS_ANNOTATION));
  }

  private static void rule(String path, IngressRule rule, List<FieldError> errors) {
    String host = rule.getHost();
    if (host != null && !host.isEmpty()) {
      if (IpAddress.tryParse(host).isPresent()) {
        errors.add(
            FieldError.invalid(path + ".host", host, "must be a DNS name, not an IP address"));
      } else {
        String name = host.startsWith("*.") ? host.substring(2) : host;
        Names.dns1123Subdomain(path + ".host", name)
            .map(
                e ->
                    FieldError.invalid(
                        path + ".host",
                        host,
                        e.message().substring(e.message().lastIndexOf(": ") + 2)))
            .ifPresent(errors::add);
      }
    }
    if (rule.getHttp() == null) {
      return;
    }
    List<HTTPIngressPath> paths = rule.getHttp().getPaths();
    if (paths.isEmpty()) {
      errors.add(FieldError.required(path + ".http.paths", ""));
    }
    for (int j = 0; j < paths.size(); j++) {
      String at = path + ".http.paths[" + j + "]";
      HTTPIngressPath p = paths.get(j);
      String type = p.getPathType();
      if (type == null) {
        errors.add(FieldError.required(at + ".pathType", "pathType must be specified"));
      } else if (!PATH_TYPES.contains(type)) {
        errors.add(FieldError.notSupported(at + ".pathType", type, PATH_TYPES));
      } else if (!type.equals("ImplementationSpecific")
          && (p.getPath() == null || !p.getPath().startsWith("/"))) {
        errors.add(FieldError.invalid(at + ".path", p.getPath(), "must be an absolute path"));
      }
      if (p.getBackend() == null) {
        errors.add(FieldError.required(at + ".backend", ""));
      } else {
        backend(at + ".backend", p.getBackend(), errors);
      }
    }
  }

  private static void backend(String path, IngressBackend backend, List<FieldError> errors) {
    IngressServiceBackend service = backend.getService();
    if (service != null && backend.getResource() != null) {
      errors.add(
          FieldError.invalidLiteral(path, "\"\"", "cannot set both resource and service backends"));
      return;
    }
    if (service == null) {
      if (backend.getResource() == null) {
        errors.add(
            FieldError.invalidLiteral(path, "\"\"", "resource or service backend is required"));
      }
      return;
    }
    if (service.getName() == null || service.getName().isEmpty()) {
      errors.add(FieldError.required(path + ".service.name", ""));
    } else {
      Names.dns1035Label(path + ".service.name", service.getName()).ifPresent(errors::add);
    }
    var port = service.getPort();
    boolean hasName = port != null && port.getName() != null && !port.getName().isEmpty();
    boolean hasNumber = port != null && port.getNumber() != null && port.getNumber() != 0;
    if (hasName && hasNumber) {
      errors.add(
          FieldError.invalidLiteral(
              path + ".service.port", "\"\"", "cannot set both port name & port number"));
    } else if (hasName) {
      Names.ianaServiceName(path + ".service.port.name", port.getName()).ifPresent(errors::add);
    } else if (hasNumber) {
      Names.portNumber(path + ".service.port.number", port.getNumber()).ifPresent(errors::add);
    } else {
      errors.add(FieldError.required(path + ".service.port", "port name or number is required"));
    }
  }
}
