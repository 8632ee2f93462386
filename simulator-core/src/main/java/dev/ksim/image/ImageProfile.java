package dev.ksim.image;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import io.fabric8.kubernetes.api.model.Container;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What one image does once started, as the catalogue describes it.
 *
 * @param image the repository it describes (see {@link ImageReference})
 * @param also other repositories (mirrors) that run the same program
 * @param tag only this tag, or null for every tag
 * @param arg only when the container's command or arguments contain this word (agnhost's {@code
 *     netexec}), or null
 * @param listen the ports it listens on with no arguments
 * @param portFlag an argument that moves its first listening port ({@code -listen=:8080}, {@code
 *     --http-port 8080}), or null
 * @param http its answers per request path ({@code /prefix/*} for a prefix, {@code *} for any other
 *     path), empty when it does not speak HTTP
 * @param notHttp what curl reports when it speaks HTTP to a port of an image that does not, or null
 *     for a plain answer
 * @param values the values its store holds when it starts empty (what {@code redis-cli get KEY}
 *     answers before anything was set)
 * @param database the database protocol it speaks on its ports, or null
 * @param dataDir the directory it keeps its data in: a volume mounted there keeps the data when the
 *     container restarts or the pod is replaced; null when it keeps none
 */
public record ImageProfile(
    String image,
    List<String> also,
    @Nullable String tag,
    @Nullable String arg,
    List<ListeningPort> listen,
    @Nullable String portFlag,
    Map<String, HttpAnswer> http,
    @Nullable String notHttp,
    Map<String, String> values,
    @Nullable Database database,
    @Nullable String dataDir) {
  public ImageProfile {
    also = ImmutableList.copyOf(also);
    listen = ImmutableList.copyOf(listen);
    http = ImmutableMap.copyOf(http);
    values = ImmutableMap.copyOf(values);
  }

  /** Whether this profile describes {@code container}. */
  boolean describes(ImageReference reference, List<String> words) {
    boolean repository =
        image.equals(reference.repository()) || also.contains(reference.repository());
    return repository
        && (tag == null || tag.equals(reference.tag()))
        && (arg == null || words.contains(arg));
  }

  /** The ports {@code container} listens on, its arguments applied. */
  List<ListeningPort> ports(Container container) {
    if (portFlag == null || listen.isEmpty()) {
      return listen;
    }
    Optional<String> value = argument(container, portFlag);
    if (value.isEmpty()) {
      return listen;
    }
    String digits = value.get().substring(value.get().lastIndexOf(':') + 1);
    Optional<ListeningPort> moved =
        ListeningPort.tryParse(digits + "/" + listen.get(0).protocol().name());
    if (moved.isEmpty()) {
      return listen;
    }
    List<ListeningPort> ports = new ArrayList<>(listen);
    ports.set(0, moved.get());
    return ports;
  }

  /**
   * The key of {@link #http} that answers {@code path}: the path itself, else the longest prefix
   * written as {@code /prefix/*}, else {@code *} (any other path).
   */
  Optional<String> routeFor(String path) {
    if (http.containsKey(path)) {
      return Optional.of(path);
    }
    Optional<String> prefix =
        http.keySet().stream()
            .filter(k -> k.length() > 1 && k.endsWith("*"))
            .filter(k -> path.startsWith(k.substring(0, k.length() - 1)))
            .max(Comparator.comparingInt(String::length));
    if (prefix.isPresent()) {
      return prefix;
    }
    return http.containsKey("*") ? Optional.of("*") : Optional.empty();
  }

  /**
   * The value {@code container}'s command line gives {@code flag}: {@code -flag=v}, {@code -flag
   * v}, with one or two dashes as Go's flag package accepts them.
   */
  static Optional<String> argument(Container container, String flag) {
    List<String> words = words(container);
    String bare = flag.replaceFirst("^-+", "");
    for (int i = 0; i < words.size(); i++) {
      String word = words.get(i);
      if (!word.startsWith("-")) {
        continue;
      }
      String name = word.replaceFirst("^-+", "");
      if (name.startsWith(bare + "=")) {
        return Optional.of(name.substring(bare.length() + 1));
      }
      if (name.equals(bare) && i + 1 < words.size()) {
        return Optional.of(words.get(i + 1));
      }
    }
    return Optional.empty();
  }

  /** The container's command and arguments, in order. */
  static List<String> words(Container container) {
    List<String> words = new ArrayList<>();
    if (container.getCommand() != null) {
      words.addAll(container.getCommand());
    }
    if (container.getArgs() != null) {
      words.addAll(container.getArgs());
    }
    return words;
  }
}
