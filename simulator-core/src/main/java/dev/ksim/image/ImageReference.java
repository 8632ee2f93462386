package dev.ksim.image;

import java.util.Locale;

/**
 * A container image reference split as a container runtime reads it: the repository (with its
 * registry host, except Docker Hub's, whose {@code library/} prefix is dropped too) and the tag.
 *
 * @param repository e.g. {@code nginx}, {@code ikubernetes/myapp}, {@code
 *     registry.k8s.io/e2e-test-images/agnhost}
 * @param tag the tag, {@code latest} when none is written; a digest reference has the digest here
 * @see <a href="https://github.com/distribution/reference/blob/main/normalize.go">distribution's
 *     normalize.go (docker.io and library/ defaults)</a>
 */
public record ImageReference(String repository, String tag) {
  private static final String DOCKER_HUB = "docker.io";

  /** Reads {@code image} as written in a container spec. */
  public static ImageReference parse(String image) {
    String text = image.trim();
    String tag = "latest";
    int at = text.indexOf('@');
    if (at >= 0) {
      tag = text.substring(at + 1);
      text = text.substring(0, at);
    }
    int slash = text.lastIndexOf('/');
    int colon = text.lastIndexOf(':');
    if (colon > slash) {
      if (at < 0) {
        tag = text.substring(colon + 1);
      }
      text = text.substring(0, colon);
    }
    String repository = text.toLowerCase(Locale.ROOT);
    int first = repository.indexOf('/');
    if (first > 0) {
      String host = repository.substring(0, first);
      if (host.equals(DOCKER_HUB) || host.equals("index.docker.io")) {
        repository = repository.substring(first + 1);
      }
    }
    if (repository.startsWith("library/")) {
      repository = repository.substring("library/".length());
    }
    return new ImageReference(repository, tag);
  }

  /** The last component of the repository: {@code agnhost}, {@code nginx}. */
  public String name() {
    return repository.substring(repository.lastIndexOf('/') + 1);
  }
}
