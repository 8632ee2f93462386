package dev.ksim.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The tutorials that ship with ksim, in teaching order (tutorials/index.txt). */
public final class Bundled {
  private static final String DIR = "tutorials/";

  private Bundled() {}

  /** Every bundled scenario, parsed, in order. */
  public static List<Scenario> all() {
    return files().stream().map(Bundled::load).toList();
  }

  /** The bundled scenario called {@code name}. */
  public static Optional<Scenario> named(String name) {
    return all().stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** The text of a bundled scenario's file. */
  public static String text(Scenario scenario) {
    return read(scenario.file());
  }

  private static List<String> files() {
    return read(DIR + "index.txt")
        .lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .map(l -> DIR + l)
        .toList();
  }

  private static Scenario load(String resource) {
    return ScenarioParser.parse(resource, read(resource), null);
  }

  private static String read(String resource) {
    try (InputStream in = Bundled.class.getResourceAsStream(resource)) {
      return new String(
          Objects.requireNonNull(in, resource).readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
