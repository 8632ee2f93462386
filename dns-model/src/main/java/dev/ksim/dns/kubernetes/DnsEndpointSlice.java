package dev.ksim.dns.kubernetes;

import com.google.common.collect.ImmutableList;
import java.util.List;

/** An EndpointSlice, keyed to its Service by the {@code kubernetes.io/service-name} label. */
public record DnsEndpointSlice(
    String namespace,
    String name,
    String serviceName,
    List<DnsPort> ports,
    List<DnsEndpoint> endpoints) {
  public DnsEndpointSlice {
    ports = ImmutableList.copyOf(ports);
    endpoints = ImmutableList.copyOf(endpoints);
  }

  /** The ports answers use: the slice's, or the placeholder when it has none. */
  public List<DnsPort> answerPorts() {
    return ports.isEmpty() ? List.of(DnsPort.NONE) : ports;
  }
}
