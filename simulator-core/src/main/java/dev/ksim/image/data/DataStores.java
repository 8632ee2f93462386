package dev.ksim.image.data;

import dev.ksim.image.ImageProfile;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The data every database server in the cluster holds, by where it lives: a PersistentVolumeClaim
 * ({@code pvc:NS/CLAIM}, kept while the claim's name is), an emptyDir or other pod volume ({@code
 * volume:POD-UID/NAME}, kept for the pod's life), or the container's own layer ({@code
 * container:POD-UID/NAME#RESTARTS}, lost when the container restarts or the pod is replaced).
 */
public final class DataStores {
  private final Map<String, RedisServer> redis = new TreeMap<>();
  private final Map<String, MysqlServer> mysql = new TreeMap<>();
  private final Map<String, MongoServer> mongo = new TreeMap<>();

  /** The keyspace of the redis server {@code container} of {@code pod} runs. */
  public RedisServer redis(Pod pod, Container container, ImageProfile profile) {
    String location = location(pod, container, profile.dataDir());
    return redis.computeIfAbsent(location, l -> new RedisServer(l, profile.values()));
  }

  /**
   * The databases of the MySQL server {@code container} of {@code pod} runs; a new one creates
   * {@code initialDatabase} (the container's {@code MYSQL_DATABASE}).
   */
  public MysqlServer mysql(
      Pod pod, Container container, ImageProfile profile, Optional<String> initialDatabase) {
    String location = location(pod, container, profile.dataDir());
    return mysql.computeIfAbsent(
        location, l -> new MysqlServer(pod.getMetadata().getName(), initialDatabase));
  }

  /** The databases of the MongoDB server {@code container} of {@code pod} runs. */
  public MongoServer mongo(Pod pod, Container container, ImageProfile profile) {
    String location = location(pod, container, profile.dataDir());
    return mongo.computeIfAbsent(location, MongoServer::new);
  }

  /** Where {@code container}'s data directory lives (see the class comment). */
  static String location(Pod pod, Container container, @Nullable String dataDir) {
    String uid = String.valueOf(pod.getMetadata().getUid());
    Optional<Volume> volume = dataDir == null ? Optional.empty() : volume(pod, container, dataDir);
    if (volume.isPresent()) {
      Volume v = volume.get();
      if (v.getPersistentVolumeClaim() != null) {
        return "pvc:"
            + pod.getMetadata().getNamespace()
            + "/"
            + v.getPersistentVolumeClaim().getClaimName();
      }
      return "volume:" + uid + "/" + v.getName();
    }
    int restarts =
        pod.getStatus() == null
            ? 0
            : pod.getStatus().getContainerStatuses().stream()
                .filter(s -> container.getName().equals(s.getName()))
                .map(ContainerStatus::getRestartCount)
                .filter(r -> r != null)
                .findFirst()
                .orElse(0);
    return "container:" + uid + "/" + container.getName() + "#" + restarts;
  }

  /** The pod volume mounted at {@code dataDir} or a directory above it in {@code container}. */
  private static Optional<Volume> volume(Pod pod, Container container, String dataDir) {
    Optional<String> name =
        container.getVolumeMounts().stream()
            .filter(m -> m.getMountPath() != null && holds(m.getMountPath(), dataDir))
            .max((a, b) -> Integer.compare(a.getMountPath().length(), b.getMountPath().length()))
            .map(VolumeMount::getName);
    return name.flatMap(
        n -> pod.getSpec().getVolumes().stream().filter(v -> n.equals(v.getName())).findFirst());
  }

  private static boolean holds(String mountPath, String dataDir) {
    String mount =
        mountPath.endsWith("/") ? mountPath.substring(0, mountPath.length() - 1) : mountPath;
    return dataDir.equals(mount) || dataDir.startsWith(mount + "/");
  }
}
