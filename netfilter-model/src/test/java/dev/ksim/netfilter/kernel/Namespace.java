package dev.ksim.netfilter.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace of the test's own, deleted on close. Commands run inside it with {@code ip
 * netns exec}; nothing touches the host namespace.
 */
public final class Namespace implements AutoCloseable {
  /** What a command printed and how it ended. */
  public record Result(int exit, String out, String err) {}

  private final String name;

  private Namespace(String name) {
    this.name = name;
  }

  public static Namespace create(String prefix) throws IOException {
    String name =
        prefix
            + "-"
            + ProcessHandle.current().pid()
            + "-"
            + Integer.toHexString(System.identityHashCode(new Object()));
    Result result = run(List.of("ip", "netns", "add", name), "");
    if (result.exit() != 0) {
      throw new IOException("ip netns add failed: " + result.err());
    }
    return new Namespace(name);
  }

  public Result exec(String input, String... command) throws IOException {
    List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", name));
    argv.addAll(List.of(command));
    return run(argv, input);
  }

  public static Result run(List<String> argv, String input) throws IOException {
    Process process = new ProcessBuilder(argv).start();
    process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("timed out: " + argv);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    return new Result(
        process.exitValue(),
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  /** Whether {@code tool} can be run here. */
  public static boolean available(String tool) {
    try {
      return run(List.of("sh", "-c", "command -v " + tool), "").exit() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() throws IOException {
    run(List.of("ip", "netns", "del", name), "");
  }
}
