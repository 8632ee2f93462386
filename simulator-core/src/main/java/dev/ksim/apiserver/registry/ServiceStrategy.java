package dev.ksim.apiserver.registry;

import dev.ksim.apiserver.Admission;
import dev.ksim.apiserver.ApiException;
import dev.ksim.apiserver.FieldError;
import dev.ksim.apiserver.UndoLog;
import dev.ksim.apiserver.allocator.ClusterIpAllocator;
import dev.ksim.apiserver.allocator.NodePortAllocator;
import dev.ksim.config.ClusterNetwork;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.sim.SimRandom;
import io.fabric8.kubernetes.api.model.ClientIPConfig;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.SessionAffinityConfig;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The Service registry: defaulting (type, protocol, targetPort, affinity timeout, traffic policies,
 * IP families), validation with upstream's messages, and ClusterIP / NodePort allocation.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/v1/defaults.go">core/v1/defaults.go
 *     SetDefaults_Service</a>
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/master/pkg/registry/core/service/storage/alloc.go">service/storage/alloc.go</a>
 */
public final class ServiceStrategy implements Admission<Service> {
  /** The default ClientIP affinity timeout, 3 hours. */
  public static final int DEFAULT_CLIENT_IP_TIMEOUT_SECONDS = 10800;

  private static final int MAX_CLIENT_IP_TIMEOUT_SECONDS = 86400;
  private static final List<String> TYPES =
      List.of("ClusterIP", "ExternalName", "LoadBalancer", "NodePort");
  private static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");
  private static final List<String> FAMILY_POLICIES =
      List.of("PreferDualStack", "RequireDualStack", "SingleStack");

  private final ClusterNetwork network;
  private final Map<IpFamily, ClusterIpAllocator> clusterIps = new EnumMap<>(IpFamily.class);
  private final NodePortAllocator nodePorts;

  public ServiceStrategy(ClusterNetwork network, SimRandom random) {
    this.network = network;
    for (var subnet : network.serviceSubnets()) {
      clusterIps.put(subnet.family(), new ClusterIpAllocator(subnet, random));
    }
    this.nodePorts = new NodePortAllocator(network.nodePortBase(), network.nodePortLast(), random);
  }

  @Override
  public void admit(@Nullable Service old, Service service, UndoLog undo) {
    ServiceSpec spec = service.getSpec();
    if (spec == null) {
      spec = new ServiceSpec();
      service.setSpec(spec);
    }
    if (old != null) {
      keepAllocations(old.getSpec(), spec);
    }
    setDefaults(spec);
    List<FieldError> errors = new ArrayList<>();
    if (old == null) {
      Names.dns1035Label("metadata.name", service.getMetadata().getName()).ifPresent(errors::add);
    }
    validateMetadata(service, errors);
    validate(spec, errors);
    if (old != null) {
      validateUpdate(old.getSpec(), spec, errors);
    }
    throwIfAny(service, errors);
    if (old == null) {
      allocateClusterIps(spec, undo, errors);
    } else {
      releaseClusterIpsOnTypeChange(old.getSpec(), spec, undo);
    }
    throwIfAny(service, errors);
    allocateNodePorts(old == null ? null : old.getSpec(), spec, undo, errors);
    throwIfAny(service, errors);
  }

  /**
   * Labels, annotations, the selector and the source ranges, as ValidateObjectMeta
   * (apimachinery/pkg/api/validation/objectmeta.go) and ValidateService
   * (pkg/apis/core/validation/validation.go at v1.34.2) check them: the selector with
   * ValidateLabels, each spec.LoadBalancerSourceRanges entry (upstream's path keeps the capital L)
   * with IsValidCIDR after trimming spaces.
   */
  private static void validateMetadata(Service service, List<FieldError> errors) {
    if (service.getMetadata().getLabels() != null) {
      Names.labels("metadata.labels", service.getMetadata().getLabels(), errors);
    }
    Names.annotations("metadata.annotations", service.getMetadata().getAnnotations(), errors);
    ServiceSpec spec = service.getSpec();
    if (spec.getSelector() != null) {
      Names.labels("spec.selector", spec.getSelector(), errors);
    }
    List<String> ranges = spec.getLoadBalancerSourceRanges();
    if (ranges != null && !ranges.isEmpty()) {
      if (!"LoadBalancer".equals(spec.getType())) {
        errors.add(
            FieldError.forbidden(
                "spec.LoadBalancerSourceRanges", "may only be used when `type` is 'LoadBalancer'"));
      }
      for (int i = 0; i < ranges.size(); i++) {
        String range = ranges.get(i) == null ? "" : ranges.get(i).strip();
        Names.cidr("spec.LoadBalancerSourceRanges[" + i + "]", range).ifPresent(errors::add);
      }
    }
  }

  private static void throwIfAny(Service service, List<FieldError> errors) {
    if (!errors.isEmpty()) {
      throw ApiException.invalid("Service", service.getMetadata().getName(), errors);
    }
  }

  /** Fields an apply leaves out keep their allocated values, as kubectl apply's merge would. */
  private static void keepAllocations(ServiceSpec old, ServiceSpec spec) {
    boolean sameType = Objects.equals(typeOf(old), typeOf(spec));
    if (isEmpty(spec.getClusterIP())
        && spec.getClusterIPs().isEmpty()
        && !"ExternalName".equals(spec.getType())) {
      spec.setClusterIP(old.getClusterIP());
      spec.setClusterIPs(new ArrayList<>(old.getClusterIPs()));
      if (spec.getIpFamilies().isEmpty()) {
        spec.setIpFamilies(new ArrayList<>(old.getIpFamilies()));
      }
      if (spec.getIpFamilyPolicy() == null) {
        spec.setIpFamilyPolicy(old.getIpFamilyPolicy());
      }
    }
    if (sameType) {
      for (ServicePort port : spec.getPorts()) {
        if (port.getNodePort() == null) {
          old.getPorts().stream()
              .filter(
                  p ->
                      Objects.equals(p.getPort(), port.getPort())
                          && Objects.equals(protocolOf(p), protocolOf(port)))
              .findFirst()
              .ifPresent(p -> port.setNodePort(p.getNodePort()));
        }
      }
    }
  }

  private static String typeOf(ServiceSpec spec) {
    return spec.getType() == null ? "ClusterIP" : spec.getType();
  }

  private static String protocolOf(ServicePort port) {
    return port.getProtocol() == null ? "TCP" : port.getProtocol();
  }

  private void setDefaults(ServiceSpec spec) {
    if (spec.getType() == null) {
      spec.setType("ClusterIP");
    }
    if (spec.getSessionAffinity() == null) {
      spec.setSessionAffinity("None");
    }
    if ("ClientIP".equals(spec.getSessionAffinity())) {
      SessionAffinityConfig config = spec.getSessionAffinityConfig();
      if (config == null) {
        config = new SessionAffinityConfig();
        spec.setSessionAffinityConfig(config);
      }
      if (config.getClientIP() == null) {
        config.setClientIP(new ClientIPConfig());
      }
      if (config.getClientIP().getTimeoutSeconds() == null) {
        config.getClientIP().setTimeoutSeconds(DEFAULT_CLIENT_IP_TIMEOUT_SECONDS);
      }
    }
    for (ServicePort port : spec.getPorts()) {
      if (port.getProtocol() == null) {
        port.setProtocol("TCP");
      }
      if (port.getTargetPort() == null
          || (port.getTargetPort().getIntVal() == null && port.getTargetPort().getStrVal() == null)
          || (port.getTargetPort().getIntVal() != null && port.getTargetPort().getIntVal() == 0)) {
        if (port.getPort() != null) {
          port.setTargetPort(new IntOrString(port.getPort()));
        }
      }
    }
    boolean external = isNodePortOrLoadBalancer(spec);
    if (external && spec.getExternalTrafficPolicy() == null) {
      spec.setExternalTrafficPolicy("Cluster");
    }
    if (!"ExternalName".equals(spec.getType()) && spec.getInternalTrafficPolicy() == null) {
      spec.setInternalTrafficPolicy("Cluster");
    }
    if ("LoadBalancer".equals(spec.getType()) && spec.getAllocateLoadBalancerNodePorts() == null) {
      spec.setAllocateLoadBalancerNodePorts(true);
    }
    if ("ExternalName".equals(spec.getType())) {
      return;
    }
    if (isEmpty(spec.getClusterIP()) && !spec.getClusterIPs().isEmpty()) {
      spec.setClusterIP(spec.getClusterIPs().get(0));
    }
    if (!isEmpty(spec.getClusterIP()) && spec.getClusterIPs().isEmpty()) {
      spec.setClusterIPs(new ArrayList<>(List.of(spec.getClusterIP())));
    }
    defaultIpFamilies(spec);
  }

  private void defaultIpFamilies(ServiceSpec spec) {
    boolean headless = "None".equals(spec.getClusterIP());
    if (spec.getIpFamilyPolicy() == null) {
      boolean headlessWithoutSelector =
          headless && (spec.getSelector() == null || spec.getSelector().isEmpty());
      if (spec.getIpFamilies().size() == 2 || spec.getClusterIPs().size() == 2) {
        spec.setIpFamilyPolicy("RequireDualStack");
      } else if (headlessWithoutSelector && network.isDualStack()) {
        spec.setIpFamilyPolicy("RequireDualStack");
      } else {
        spec.setIpFamilyPolicy("SingleStack");
      }
    }
    if (spec.getIpFamilies().isEmpty()) {
      List<String> families = new ArrayList<>();
      if (!headless) {
        for (String ip : spec.getClusterIPs()) {
          IpAddress.tryParse(ip).ifPresent(a -> families.add(a.family().token()));
        }
      }
      if (families.isEmpty()) {
        families.add(network.primaryFamily().token());
      }
      if (!"SingleStack".equals(spec.getIpFamilyPolicy())
          && network.isDualStack()
          && families.size() == 1) {
        IpFamily first = familyOf(families.get(0));
        families.add(first == IpFamily.IPV4 ? IpFamily.IPV6.token() : IpFamily.IPV4.token());
      }
      spec.setIpFamilies(families);
    } else if (!"SingleStack".equals(spec.getIpFamilyPolicy())
        && network.isDualStack()
        && spec.getIpFamilies().size() == 1) {
      IpFamily first = familyOf(spec.getIpFamilies().get(0));
      List<String> families = new ArrayList<>(spec.getIpFamilies());
      families.add(first == IpFamily.IPV4 ? IpFamily.IPV6.token() : IpFamily.IPV4.token());
      spec.setIpFamilies(families);
    }
  }

  private static @Nullable IpFamily familyOf(String token) {
    for (IpFamily family : IpFamily.values()) {
      if (family.token().equals(token)) {
        return family;
      }
    }
    return null;
  }

  private void validate(ServiceSpec spec, List<FieldError> errors) {
    String type = spec.getType();
    if (!TYPES.contains(type)) {
      errors.add(FieldError.notSupported("spec.type", type, TYPES));
      return;
    }
    boolean headless = "None".equals(spec.getClusterIP());
    if ("ExternalName".equals(type)) {
      if (isEmpty(spec.getExternalName())) {
        errors.add(FieldError.required("spec.externalName", ""));
      } else {
        String name = spec.getExternalName();
        Names.dns1123Subdomain(
                "spec.externalName",
                name.endsWith(".") ? name.substring(0, name.length() - 1) : name)
            .ifPresent(errors::add);
      }
      if (!isEmpty(spec.getClusterIP())) {
        errors.add(
            FieldError.forbidden("spec.clusterIP", "may not be set for ExternalName services"));
      }
    } else if (spec.getPorts().isEmpty() && !headless) {
      errors.add(FieldError.required("spec.ports", ""));
    }
    if (headless && isNodePortOrLoadBalancer(spec)) {
      errors.add(
          FieldError.invalid(
              "spec.clusterIPs[0]", "None", "may not be set to 'None' for " + type + " services"));
    }
    validatePorts(spec, errors);
    validateAffinity(spec, errors);
    validateTrafficPolicies(spec, errors);
    for (int i = 0; i < spec.getExternalIPs().size(); i++) {
      String ip = spec.getExternalIPs().get(i);
      if (IpAddress.tryParse(ip).isEmpty()) {
        errors.add(
            FieldError.invalid(
                "spec.externalIPs[" + i + "]",
                ip,
                "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
      }
    }
    if (!"ExternalName".equals(type)) {
      validateClusterIps(spec, errors);
    }
  }

  private static void validatePorts(ServiceSpec spec, List<FieldError> errors) {
    List<ServicePort> ports = spec.getPorts();
    Set<String> names = new HashSet<>();
    Set<String> portProtocols = new HashSet<>();
    for (int i = 0; i < ports.size(); i++) {
      ServicePort port = ports.get(i);
      String path = "spec.ports[" + i + "]";
      String name = port.getName() == null ? "" : port.getName();
      if (ports.size() > 1 && name.isEmpty()) {
        errors.add(FieldError.required(path + ".name", ""));
      } else if (!name.isEmpty()) {
        Names.dns1123Label(path + ".name", name).ifPresent(errors::add);
        if (!names.add(name)) {
          errors.add(FieldError.duplicate(path + ".name", name));
        }
      }
      if (port.getPort() == null) {
        errors.add(FieldError.required(path + ".port", ""));
      } else {
        Names.portNumber(path + ".port", port.getPort()).ifPresent(errors::add);
      }
      if (!PROTOCOLS.contains(port.getProtocol())) {
        errors.add(FieldError.notSupported(path + ".protocol", port.getProtocol(), PROTOCOLS));
      }
      IntOrString target = port.getTargetPort();
      if (target != null && target.getStrVal() != null) {
        Names.ianaServiceName(path + ".targetPort", target.getStrVal()).ifPresent(errors::add);
      } else if (target != null && target.getIntVal() != null) {
        Names.portNumber(path + ".targetPort", target.getIntVal()).ifPresent(errors::add);
      }
      if (port.getPort() != null && !portProtocols.add(port.getPort() + "/" + port.getProtocol())) {
        errors.add(FieldError.duplicate(path, port.getPort() + "/" + port.getProtocol()));
      }
      if (port.getNodePort() != null && port.getNodePort() != 0) {
        if (!isNodePortOrLoadBalancer(spec)) {
          errors.add(
              FieldError.forbidden(
                  path + ".nodePort", "may not be used when `type` is '" + spec.getType() + "'"));
        } else {
          Names.portNumber(path + ".nodePort", port.getNodePort()).ifPresent(errors::add);
        }
      }
    }
  }

  private static void validateAffinity(ServiceSpec spec, List<FieldError> errors) {
    String affinity = spec.getSessionAffinity();
    if (!"None".equals(affinity) && !"ClientIP".equals(affinity)) {
      errors.add(
          FieldError.notSupported("spec.sessionAffinity", affinity, List.of("ClientIP", "None")));
      return;
    }
    if ("ClientIP".equals(affinity)) {
      if ("ExternalName".equals(spec.getType())) {
        errors.add(
            FieldError.invalid(
                "spec.sessionAffinity", affinity, "must be None when type is ExternalName"));
      }
      Integer timeout = spec.getSessionAffinityConfig().getClientIP().getTimeoutSeconds();
      if (timeout <= 0 || timeout > MAX_CLIENT_IP_TIMEOUT_SECONDS) {
        errors.add(
            FieldError.invalid(
                "spec.sessionAffinityConfig.clientIP.timeoutSeconds",
                timeout,
                "must be greater than 0 and less than " + MAX_CLIENT_IP_TIMEOUT_SECONDS));
      }
    } else if (spec.getSessionAffinityConfig() != null) {
      errors.add(
          FieldError.invalid(
              "spec.sessionAffinityConfig", "", "must not be set when session affinity is None"));
    }
  }

  private static void validateTrafficPolicies(ServiceSpec spec, List<FieldError> errors) {
    String external = spec.getExternalTrafficPolicy();
    if (external != null) {
      // upstream's apiservice.ExternallyAccessible: a ClusterIP Service with externalIPs is too
      boolean externallyAccessible =
          isNodePortOrLoadBalancer(spec)
              || ("ClusterIP".equals(spec.getType())
                  && spec.getExternalIPs() != null
                  && !spec.getExternalIPs().isEmpty());
      if (!externallyAccessible) {
        errors.add(
            FieldError.invalid(
                "spec.externalTrafficPolicy",
                external,
                "may only be set for externally-accessible services"));
      } else if (!"Cluster".equals(external) && !"Local".equals(external)) {
        errors.add(
            FieldError.notSupported(
                "spec.externalTrafficPolicy", external, List.of("Cluster", "Local")));
      }
    }
    String internal = spec.getInternalTrafficPolicy();
    if (internal != null && !"Cluster".equals(internal) && !"Local".equals(internal)) {
      errors.add(
          FieldError.notSupported(
              "spec.internalTrafficPolicy", internal, List.of("Cluster", "Local")));
    }
    Integer healthCheck = spec.getHealthCheckNodePort();
    if (healthCheck != null
        && healthCheck != 0
        && !("LoadBalancer".equals(spec.getType()) && "Local".equals(external))) {
      errors.add(
          FieldError.invalid(
              "spec.healthCheckNodePort",
              healthCheck,
              "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is"
                  + " 'Local'"));
    }
  }

  private void validateClusterIps(ServiceSpec spec, List<FieldError> errors) {
    String policy = spec.getIpFamilyPolicy();
    if (!FAMILY_POLICIES.contains(policy)) {
      errors.add(FieldError.notSupported("spec.ipFamilyPolicy", policy, FAMILY_POLICIES));
      return;
    }
    if ("RequireDualStack".equals(policy) && !network.isDualStack()) {
      errors.add(
          FieldError.invalid(
              "spec.ipFamilyPolicy",
              policy,
              "this cluster is not configured for dual-stack services"));
    }
    List<String> families = spec.getIpFamilies();
    for (int i = 0; i < families.size(); i++) {
      IpFamily family = familyOf(families.get(i));
      if (family == null) {
        errors.add(
            FieldError.notSupported(
                "spec.ipFamilies[" + i + "]", families.get(i), List.of("IPv4", "IPv6")));
      } else if (network.serviceSubnet(family).isEmpty()) {
        errors.add(
            FieldError.invalid(
                "spec.ipFamilies[" + i + "]", families.get(i), "not configured on this cluster"));
      } else if (i == 1 && family == familyOf(families.get(0))) {
        errors.add(FieldError.duplicate("spec.ipFamilies[1]", families.get(1)));
      }
    }
    if (families.size() > 2) {
      errors.add(
          FieldError.invalidLiteral(
              "spec.ipFamilies", goStrings(families), "may specify no more than two IP families"));
    }
    if ("SingleStack".equals(policy) && families.size() > 1) {
      errors.add(
          FieldError.invalidLiteral(
              "spec.ipFamilies",
              goStrings(families),
              "when spec.ipFamilyPolicy is SingleStack, spec.ipFamilies may contain only one"
                  + " family"));
    }
    List<String> ips = spec.getClusterIPs();
    if ("None".equals(spec.getClusterIP())) {
      if (ips.size() > 1 || !ips.get(0).equals("None")) {
        errors.add(
            FieldError.invalidLiteral(
                "spec.clusterIPs",
                goStrings(ips),
                "must not have multiple values when set to None"));
      }
      return;
    }
    for (int i = 0; i < ips.size(); i++) {
      Optional<IpAddress> ip = IpAddress.tryParse(ips.get(i));
      if (ip.isEmpty()) {
        errors.add(
            FieldError.invalid(
                "spec.clusterIPs[" + i + "]",
                ips.get(i),
                "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
      } else if (i < families.size() && ip.get().family() != familyOf(families.get(i))) {
        errors.add(
            FieldError.invalid(
                "spec.clusterIPs[" + i + "]",
                ips.get(i),
                "expected an "
                    + families.get(i)
                    + " value as indicated by `ipFamilies["
                    + i
                    + "]`"));
      }
    }
    if (!ips.isEmpty() && !ips.get(0).equals(spec.getClusterIP())) {
      errors.add(
          FieldError.invalidLiteral(
              "spec.clusterIPs", goStrings(ips), "element [0] must match clusterIP"));
    }
  }

  private static void validateUpdate(ServiceSpec old, ServiceSpec spec, List<FieldError> errors) {
    boolean oldHasIp = !isEmpty(old.getClusterIP()) && !"ExternalName".equals(old.getType());
    boolean newNeedsIp = !"ExternalName".equals(spec.getType());
    if (oldHasIp && newNeedsIp && !Objects.equals(old.getClusterIP(), spec.getClusterIP())) {
      errors.add(
          FieldError.invalid("spec.clusterIPs[0]", spec.getClusterIP(), "may not change once set"));
    }
  }

  private void allocateClusterIps(ServiceSpec spec, UndoLog undo, List<FieldError> errors) {
    if ("ExternalName".equals(spec.getType())) {
      spec.setClusterIP(null);
      spec.setClusterIPs(new ArrayList<>());
      spec.setIpFamilies(new ArrayList<>());
      spec.setIpFamilyPolicy(null);
      return;
    }
    if ("None".equals(spec.getClusterIP())) {
      return;
    }
    List<String> allocated = new ArrayList<>();
    List<String> requested = spec.getClusterIPs();
    for (int i = 0; i < spec.getIpFamilies().size(); i++) {
      IpFamily family = familyOf(spec.getIpFamilies().get(i));
      ClusterIpAllocator allocator = clusterIps.get(family);
      if (allocator == null) {
        continue;
      }
      if (i < requested.size()) {
        IpAddress ip = IpAddress.parse(requested.get(i));
        ClusterIpAllocator.Outcome outcome = allocator.allocate(ip, undo);
        if (outcome == ClusterIpAllocator.Outcome.NOT_IN_RANGE) {
          errors.add(
              FieldError.invalidLiteral(
                  "spec.clusterIPs",
                  goStrings(requested),
                  String.format(
                      "failed to allocate IP %s: the provided IP (%s) is not in the valid range."
                          + " The range of valid IPs is %s",
                      ip, ip, allocator.cidr())));
          return;
        }
        if (outcome == ClusterIpAllocator.Outcome.ALREADY_ALLOCATED) {
          errors.add(
              FieldError.invalidLiteral(
                  "spec.clusterIPs",
                  goStrings(requested),
                  "failed to allocate IP " + ip + ": provided IP is already allocated"));
          return;
        }
        allocated.add(ip.toString());
      } else {
        Optional<IpAddress> ip = allocator.allocateNext(undo);
        if (ip.isEmpty()) {
          errors.add(
              FieldError.invalidLiteral(
                  "spec.clusterIPs",
                  goStrings(requested),
                  "failed to allocate a serviceIP: range is full"));
          return;
        }
        allocated.add(ip.get().toString());
      }
    }
    spec.setClusterIPs(allocated);
    spec.setClusterIP(allocated.isEmpty() ? null : allocated.get(0));
  }

  private void releaseClusterIpsOnTypeChange(ServiceSpec old, ServiceSpec spec, UndoLog undo) {
    if (!"ExternalName".equals(old.getType()) && "ExternalName".equals(spec.getType())) {
      releaseClusterIps(old, undo);
      spec.setClusterIP(null);
      spec.setClusterIPs(new ArrayList<>());
    } else if ("ExternalName".equals(old.getType()) && !"ExternalName".equals(spec.getType())) {
      List<FieldError> errors = new ArrayList<>();
      allocateClusterIps(spec, undo, errors);
    }
  }

  private void allocateNodePorts(
      @Nullable ServiceSpec old, ServiceSpec spec, UndoLog undo, List<FieldError> errors) {
    Set<Integer> oldPorts =
        old == null
            ? Set.of()
            : old.getPorts().stream()
                .map(ServicePort::getNodePort)
                .filter(p -> p != null && p != 0)
                .collect(Collectors.toSet());
    boolean wantsNodePorts =
        "NodePort".equals(spec.getType())
            || ("LoadBalancer".equals(spec.getType())
                && !Boolean.FALSE.equals(spec.getAllocateLoadBalancerNodePorts()));
    Set<Integer> kept = new HashSet<>();
    for (int i = 0; i < spec.getPorts().size(); i++) {
      ServicePort port = spec.getPorts().get(i);
      Integer requested = port.getNodePort();
      if (!isNodePortOrLoadBalancer(spec)) {
        port.setNodePort(null);
        continue;
      }
      if (requested != null && requested != 0) {
        if (oldPorts.contains(requested) || kept.contains(requested)) {
          kept.add(requested);
          continue;
        }
        if (!nodePorts.contains(requested)) {
          errors.add(
              FieldError.invalid(
                  "spec.ports[" + i + "].nodePort",
                  requested,
                  "provided port is not in the valid range. The range of valid ports is "
                      + nodePorts.rangeText()));
          return;
        }
        if (!nodePorts.allocate(requested, undo)) {
          errors.add(
              FieldError.invalid(
                  "spec.ports[" + i + "].nodePort",
                  requested,
                  "provided port is already allocated"));
          return;
        }
        kept.add(requested);
      } else if (wantsNodePorts) {
        var next = nodePorts.allocateNext(undo);
        if (next.isEmpty()) {
          errors.add(FieldError.invalid("spec.ports[" + i + "].nodePort", 0, "range is full"));
          return;
        }
        port.setNodePort(next.getAsInt());
        kept.add(next.getAsInt());
      }
    }
    if ("LoadBalancer".equals(spec.getType()) && "Local".equals(spec.getExternalTrafficPolicy())) {
      Integer healthCheck = spec.getHealthCheckNodePort();
      if (healthCheck == null || healthCheck == 0) {
        if (old != null && old.getHealthCheckNodePort() != null) {
          spec.setHealthCheckNodePort(old.getHealthCheckNodePort());
          kept.add(old.getHealthCheckNodePort());
        } else {
          nodePorts.allocateNext(undo).ifPresent(p -> spec.setHealthCheckNodePort(p));
          if (spec.getHealthCheckNodePort() != null) {
            kept.add(spec.getHealthCheckNodePort());
          }
        }
      } else if (oldPorts.contains(healthCheck)
          || (old != null && healthCheck.equals(old.getHealthCheckNodePort()))) {
        // already this Service's: an update (a status write, say) keeps it
        kept.add(healthCheck);
      } else if (nodePorts.contains(healthCheck)) {
        if (!nodePorts.allocate(healthCheck, undo)) {
          errors.add(
              FieldError.invalid(
                  "spec.healthCheckNodePort", healthCheck, "provided port is already allocated"));
          return;
        }
        kept.add(healthCheck);
      }
    } else {
      spec.setHealthCheckNodePort(null);
    }
    if (old != null) {
      Set<Integer> oldAll = new HashSet<>(oldPorts);
      if (old.getHealthCheckNodePort() != null) {
        oldAll.add(old.getHealthCheckNodePort());
      }
      for (Integer port : oldAll) {
        if (!kept.contains(port)) {
          nodePorts.release(port, undo);
        }
      }
    }
  }

  @Override
  public void release(Service service, UndoLog undo) {
    ServiceSpec spec = service.getSpec();
    releaseClusterIps(spec, undo);
    for (ServicePort port : spec.getPorts()) {
      if (port.getNodePort() != null) {
        nodePorts.release(port.getNodePort(), undo);
      }
    }
    if (spec.getHealthCheckNodePort() != null) {
      nodePorts.release(spec.getHealthCheckNodePort(), undo);
    }
  }

  private void releaseClusterIps(ServiceSpec spec, UndoLog undo) {
    for (String ip : spec.getClusterIPs()) {
      IpAddress.tryParse(ip)
          .ifPresent(
              a -> {
                ClusterIpAllocator allocator = clusterIps.get(a.family());
                if (allocator != null) {
                  allocator.release(a, undo);
                }
              });
    }
  }

  private static boolean isNodePortOrLoadBalancer(ServiceSpec spec) {
    return "NodePort".equals(spec.getType()) || "LoadBalancer".equals(spec.getType());
  }

  private static boolean isEmpty(@Nullable String value) {
    return value == null || value.isEmpty();
  }

  /** Go's {@code %#v} of a []string, as the allocator errors print clusterIPs. */
  private static String goStrings(List<String> values) {
    return values.stream()
        .map(v -> "\"" + v + "\"")
        .collect(Collectors.joining(", ", "[]string{", "}"));
  }
}
