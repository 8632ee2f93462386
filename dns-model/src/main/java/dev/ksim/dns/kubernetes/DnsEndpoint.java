package dev.ksim.dns.kubernetes;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * One endpoint of an EndpointSlice.
 *
 * @param addresses address texts as the slice stores them
 * @param hostname the endpoint's hostname, empty when unset
 * @param ready {@code conditions.ready}, where unset counts as ready
 * @param podName the name in {@code targetRef} when it is a Pod, else empty
 */
public record DnsEndpoint(List<String> addresses, String hostname, boolean ready, String podName) {
  public DnsEndpoint {
    addresses = ImmutableList.copyOf(addresses);
  }
}
