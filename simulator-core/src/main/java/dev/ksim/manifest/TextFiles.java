package dev.ksim.manifest;

import dev.ksim.input.KsimInputException;
import dev.ksim.input.SourceLocation;
import dev.ksim.input.Utf8Text;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a user's input file (a manifest, a ruleset, a scenario) as UTF-8 text, bounded in size so
 * that {@code /dev/zero} or a runaway pipe cannot exhaust memory. Each refusal says what the path
 * is: missing, a directory, too large, unreadable, or not UTF-8 (with the line).
 */
public final class TextFiles {
  /** The largest input ksim reads: 16 MiB, far above any manifest or ruleset it can simulate. */
  public static final int MAX_BYTES = 16 * 1024 * 1024;

  private TextFiles() {}

  /**
   * The text of {@code path}; character devices and pipes are read too, as kubectl and
   * iptables-restore read them.
   *
   * @throws KsimInputException naming the path when it cannot be read as bounded UTF-8 text
   */
  public static String read(Path path) {
    String name = path.toString();
    if (Files.isDirectory(path)) {
      throw new KsimInputException(new SourceLocation(name, 0, null), "is a directory, not a file");
    }
    if (!Files.exists(path)) {
      throw new KsimInputException(
          new SourceLocation(name, 0, null), "the path \"" + name + "\" does not exist");
    }
    try (InputStream in = Files.newInputStream(path)) {
      return read(name, in);
    } catch (NoSuchFileException e) {
      throw new KsimInputException(
          new SourceLocation(name, 0, null), "the path \"" + name + "\" does not exist");
    } catch (IOException e) {
      throw new KsimInputException(
          new SourceLocation(name, 0, null), "cannot read: " + e.getMessage());
    }
  }

  /** The text of a stream named {@code name} in errors, read up to {@link #MAX_BYTES}. */
  public static String read(String name, InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(MAX_BYTES + 1);
    if (bytes.length > MAX_BYTES) {
      throw new KsimInputException(
          new SourceLocation(name, 0, null),
          "larger than " + (MAX_BYTES >> 20) + " MiB, the most ksim reads from one input");
    }
    return decode(name, bytes);
  }

  /** {@code bytes} as UTF-8 (a leading byte-order mark dropped), or an error naming the line. */
  static String decode(String name, byte[] bytes) {
    String text = Utf8Text.decode(name, bytes);
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }
}
