package dev.ksim.dns.server;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * Where a query reached the server, as CoreDNS's {@code request.Request} reads it from the
 * connection: the server's own addresses, the client's address and whether it came over TCP.
 *
 * @param localIps the addresses of the CoreDNS instance answering (NS records name them)
 * @param remoteIp the client's address as the server sees it, empty when unknown
 * @param tcp whether the query came over TCP
 */
public record Request(List<String> localIps, String remoteIp, boolean tcp) {
  public Request {
    localIps = ImmutableList.copyOf(localIps);
  }
}
