package dev.ksim.dns.kubernetes;

/**
 * A port as the plugin sees it: a Service port or an EndpointSlice port. {@code name} is empty for
 * an unnamed port; {@code port} is -1 for the placeholder of a slice without ports, which answers
 * addresses but no SRV record (coredns {@code plugin/kubernetes/object/endpoint.go}).
 */
public record DnsPort(String name, String protocol, int port) {
  public static final DnsPort NONE = new DnsPort("", "", -1);
}
