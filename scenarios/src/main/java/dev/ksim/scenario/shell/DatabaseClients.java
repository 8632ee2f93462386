package dev.ksim.scenario.shell;

import dev.ksim.apiserver.ObjectKey;
import dev.ksim.apiserver.ResourceType;
import dev.ksim.client.Client;
import dev.ksim.cluster.Cluster;
import dev.ksim.image.Database;
import dev.ksim.image.ImageCatalogue;
import dev.ksim.image.ImageProfile;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpPort;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the database clients (redis-cli, mysql, mongosh) share: where they run, how they reach a
 * server (a name through the pod's resolver and the data path; {@code localhost} the pod's own
 * server, as its loopback or socket would), and what they find there.
 */
final class DatabaseClients {
  private final Cluster cluster;
  private final String where;

  DatabaseClients(Cluster cluster, String where) {
    this.cluster = cluster;
    this.where = where;
  }

  /** How a client's connection attempt ended. */
  sealed interface Reached {
    <R> R accept(Visitor<R> visitor);
  }

  /** What a client does with each way its connection attempt can end. */
  interface Visitor<R> {
    R visitUnresolved(Unresolved unresolved);

    R visitFailed(Failed failed);

    R visitOtherServer(OtherServer other);

    R visitServer(Server server);
  }

  /** The host name did not resolve. */
  record Unresolved() implements Reached {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitUnresolved(this);
    }
  }

  /** connect(2) failed ({@code outcome} is not CONNECTED); {@code address} is where it went. */
  record Failed(TcpConnection.Outcome outcome, IpAddress address) implements Reached {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitFailed(this);
    }
  }

  /**
   * A server of the wanted database answered.
   *
   * @param pod the server's pod
   * @param container the server's container
   * @param profile its image's profile
   * @param client the client's address as the server saw it, or null over the local socket
   * @param address the address the client connected to
   */
  record Server(
      Pod pod,
      Container container,
      ImageProfile profile,
      @Nullable IpAddress client,
      IpAddress address)
      implements Reached {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitServer(this);
    }
  }

  /** Something that is not this database answered (an HTTP server, another database). */
  record OtherServer(boolean speaksHttp, IpAddress address) implements Reached {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitOtherServer(this);
    }
  }

  /** Connects to {@code host}:{@code port} and says who answered, expecting {@code database}. */
  Reached connect(String host, int port, Database database) {
    if (host.equals("localhost") || host.equals("127.0.0.1")) {
      return local(port, database);
    }
    Optional<IpAddress> address = TcpConnection.resolve(cluster, source(), host);
    if (address.isEmpty()) {
      return new Unresolved();
    }
    TcpConnection connection =
        TcpConnection.open(cluster, source(), new IpPort(address.get(), port));
    if (connection.outcome() != TcpConnection.Outcome.CONNECTED) {
      return new Failed(connection.outcome(), address.get());
    }
    TcpConnection.Server server =
        connection
            .server(cluster)
            .orElseThrow(
                () ->
                    new UnsupportedCommandException(
                        "ksim: "
                            + host
                            + ":"
                            + port
                            + " answered from outside the cluster's pods (a node or the world"
                            + " beyond), where ksim runs no "
                            + database.token()
                            + " server"));
    return reached(
        server.pod(), server.process(), database, server.peers().client().ip(), address.get());
  }

  /** The pod's own server on {@code port}, reached over loopback or its socket. */
  private Reached local(int port, Database database) {
    IpAddress loopback = IpAddress.parse("127.0.0.1");
    Optional<Pod> pod = pod();
    Optional<ImageCatalogue.ServingContainer> process =
        pod.flatMap(p -> cluster.options().images().servingContainer(p, port));
    if (pod.isEmpty() || process.isEmpty()) {
      return new Failed(TcpConnection.Outcome.REFUSED, loopback);
    }
    return reached(pod.get(), process.get(), database, null, loopback);
  }

  private static Reached reached(
      Pod pod,
      ImageCatalogue.ServingContainer process,
      Database database,
      @Nullable IpAddress client,
      IpAddress address) {
    ImageProfile profile = process.profile();
    if (profile == null || profile.database() != database) {
      return new OtherServer(profile == null || profile.database() == null, address);
    }
    return new Server(pod, process.container(), profile, client, address);
  }

  /**
   * The value of {@code container}'s environment variable {@code name}: a literal, or a Secret's or
   * ConfigMap's key it refers to.
   */
  Optional<String> env(Pod pod, Container container, String name) {
    for (EnvVar variable : container.getEnv()) {
      if (!name.equals(variable.getName())) {
        continue;
      }
      if (variable.getValue() != null) {
        return Optional.of(variable.getValue());
      }
      if (variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null) {
        var ref = variable.getValueFrom().getSecretKeyRef();
        return cluster
            .store()
            .<Secret>get(
                new ObjectKey(ResourceType.SECRET, pod.getMetadata().getNamespace(), ref.getName()))
            .flatMap(s -> secretValue(s, ref.getKey()));
      }
      if (variable.getValueFrom() != null && variable.getValueFrom().getConfigMapKeyRef() != null) {
        var ref = variable.getValueFrom().getConfigMapKeyRef();
        return cluster
            .store()
            .<ConfigMap>get(
                new ObjectKey(
                    ResourceType.CONFIG_MAP, pod.getMetadata().getNamespace(), ref.getName()))
            .flatMap(c -> Optional.ofNullable(c.getData()).map(d -> d.get(ref.getKey())));
      }
    }
    return Optional.empty();
  }

  private static Optional<String> secretValue(Secret secret, String key) {
    if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
      return Optional.of(secret.getStringData().get(key));
    }
    if (secret.getData() != null && secret.getData().containsKey(key)) {
      return Optional.of(
          new String(
              Base64.getMimeDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8));
    }
    return Optional.empty();
  }

  /** The simulated cluster. */
  Cluster cluster() {
    return cluster;
  }

  /** The pod the client runs in, if it runs in one. */
  Optional<Pod> pod() {
    if (!where.startsWith("pod/")) {
      return Optional.empty();
    }
    String ref = where.substring("pod/".length());
    int slash = ref.indexOf('/');
    String namespace = slash < 0 ? "default" : ref.substring(0, slash);
    return cluster
        .store()
        .get(new ObjectKey(ResourceType.POD, namespace, ref.substring(slash + 1)));
  }

  private String source() {
    return where.isEmpty() ? Client.firstNode(cluster) : where;
  }
}
