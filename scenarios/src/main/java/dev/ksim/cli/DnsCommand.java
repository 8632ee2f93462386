package dev.ksim.cli;

import dev.ksim.cluster.Cluster;
import dev.ksim.dns.server.Request;
import dev.ksim.dnsport.DnsPortServer;
import dev.ksim.dnsport.TcpTimeouts;
import dev.ksim.input.KsimInputException;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ksim dns serve -f M [--bind ADDR] [--port N]}: the simulated cluster's CoreDNS on a real
 * port, UDP and TCP, so that real clients ({@code dig @127.0.0.1 -p 5353 ...}) can ask it. It
 * answers as the first CoreDNS pod would; it binds loopback unless told otherwise in so many words,
 * and stops after {@code --duration} seconds so that no run is unbounded.
 */
@Command(
    name = "dns",
    mixinStandardHelpOptions = true,
    description = "The cluster's DNS on a real port.",
    subcommands = {DnsCommand.Serve.class})
public final class DnsCommand {
  private DnsCommand() {}

  /** {@code ksim dns serve}. */
  @Command(
      name = "serve",
      mixinStandardHelpOptions = true,
      description = "Answer real DNS queries over UDP and TCP from the simulated CoreDNS.")
  static final class Serve implements Callable<Integer> {
    @SuppressWarnings("NullAway.Init") // injected by picocli
    @Mixin
    ClusterInput input;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on.")
    String bind = "127.0.0.1";

    @Option(names = "--port", defaultValue = "5353", description = "Port (UDP and TCP).")
    int port = 5353;

    @Option(
        names = "--allow-non-loopback",
        description = "Allow --bind to name an address other hosts can reach.")
    boolean allowNonLoopback;

    @Option(
        names = "--duration",
        defaultValue = "3600",
        description = "Seconds to serve before exiting (default: ${DEFAULT-VALUE}).")
    long duration = 3600;

    @Override
    public Integer call() throws IOException, InterruptedException {
      InetAddress address;
      try {
        address = InetAddress.getByName(bind);
      } catch (UnknownHostException e) {
        throw KsimInputException.commandLine("--bind", "not an address: " + bind);
      }
      if (!address.isLoopbackAddress() && !allowNonLoopback) {
        throw KsimInputException.commandLine(
            "--bind",
            bind + " is not a loopback address; add --allow-non-loopback to serve other hosts");
      }
      if (port < 0 || port > 65535) {
        throw KsimInputException.commandLine(
            "--port", "must be between 0 (any free port) and 65535, got " + port);
      }
      if (duration < 1) {
        throw KsimInputException.commandLine(
            "--duration", "must be at least 1 (seconds), got " + duration);
      }
      Cluster cluster = input.start(System.err);
      List<String> localIps = cluster.dns().firstServerAddresses();
      try (DnsPortServer server = bind(address, cluster, localIps)) {
        System.err.println(
            "ksim: serving the cluster's DNS on "
                + bind
                + " port "
                + server.port()
                + " (udp, tcp)");
        new CountDownLatch(1).await(duration, TimeUnit.SECONDS);
      }
      return 0;
    }

    /** The port, or the reason it cannot be had, as a usage error (exit 2), not a stack trace. */
    private DnsPortServer bind(InetAddress address, Cluster cluster, List<String> localIps)
        throws IOException {
      try {
        return DnsPortServer.start(
            address,
            port,
            TcpTimeouts.COREDNS,
            (query, client, tcp) ->
                cluster
                    .dns()
                    .server()
                    .handle(query, new Request(localIps, client.getHostAddress(), tcp)));
      } catch (BindException e) {
        throw KsimInputException.commandLine(
            "--bind/--port",
            "cannot listen on "
                + bind
                + " port "
                + port
                + ": "
                + e.getMessage()
                + " (a port another process holds, or an address this host does not have)");
      }
    }
  }
}
