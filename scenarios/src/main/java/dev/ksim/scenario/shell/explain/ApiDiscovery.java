package dev.ksim.scenario.shell.explain;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the API server's discovery tells kubectl: the resources it serves, in priority order, and
 * the group/versions they are served at. Read from {@code api-resources.txt}, a kubeadm v1.34
 * cluster's {@code kubectl api-resources} with each resource's model class.
 *
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/v1.34.2/staging/src/k8s.io/apimachinery/pkg/api/meta/restmapper.go">DefaultRESTMapper.ResourcesFor</a>
 */
public final class ApiDiscovery {
  private static final String TABLE = "api-resources.txt";

  private final List<ApiResource> resources;

  private ApiDiscovery(List<ApiResource> resources) {
    this.resources = List.copyOf(resources);
  }

  /** The resources of a kubeadm v1.34 cluster. */
  public static ApiDiscovery kubernetes134() {
    try (InputStream in = ApiDiscovery.class.getResourceAsStream(TABLE)) {
      if (in == null) {
        throw new IllegalStateException(TABLE + " is missing from the classpath");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      List<ApiResource> resources = new ArrayList<>();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isBlank() && !line.startsWith("#")) {
          resources.add(parse(line));
        }
      }
      return new ApiDiscovery(resources);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ApiResource parse(String line) {
    String[] columns = line.trim().split("\\s+");
    if (columns.length != 5) {
      throw new IllegalStateException(TABLE + ": expected 5 columns: " + line);
    }
    List<String> shortNames =
        columns[1].equals("-") ? List.of() : Arrays.asList(columns[1].split(","));
    String apiVersion = columns[2];
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    String version = apiVersion.substring(slash + 1);
    return new ApiResource(columns[0], shortNames, group, version, columns[3], columns[4]);
  }

  /** Every resource served, in discovery's priority order. */
  public List<ApiResource> resources() {
    return resources;
  }

  /**
   * The resources {@code name} can mean, highest priority first: the preferred version of each
   * group before its others; empty when none.
   */
  public List<ApiResource> resourcesFor(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return resources.stream().filter(r -> r.answersTo(lower)).toList();
  }

  /** The resource {@code plural} at {@code group}/{@code version}, if that version serves it. */
  public Optional<ApiResource> resource(String group, String version, String plural) {
    return resources.stream()
        .filter(
            r ->
                r.group().equals(group) && r.version().equals(version) && r.plural().equals(plural))
        .findFirst();
  }

  /** Whether any resource is served at {@code group}/{@code version}. */
  public boolean serves(String group, String version) {
    return resources.stream().anyMatch(r -> r.group().equals(group) && r.version().equals(version));
  }
}
