package dev.ksim.netfilter.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
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

  /**
   * Runs {@code argv} with {@code input} on its standard input. Its output and errors are read
   * while it runs, each by a thread of its own, so that an output larger than a pipe holds (a big
   * ruleset's listing) cannot stall it; a command still running after 60 seconds is killed.
   */
  public static Result run(List<String> argv, String input) throws IOException {
    Process process = new ProcessBuilder(argv).start();
    CompletableFuture<String> out = drain(process.getInputStream());
    CompletableFuture<String> err = drain(process.getErrorStream());
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.write(input.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // it exited without reading all its input: what it printed says why
    }
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("timed out: " + argv);
      }
      return new Result(process.exitValue(), out.get(), err.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    } catch (ExecutionException e) {
      throw new IOException("reading the output of " + argv, e.getCause());
    }
  }

  private static CompletableFuture<String> drain(InputStream stream) {
    CompletableFuture<String> text = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (stream) {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
              } catch (IOException e) {
                text.completeExceptionally(e);
              }
            },
            "namespace-output");
    reader.setDaemon(true);
    reader.start();
    return text;
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
