package dev.ksim.cli;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Where {@code ksim shell} reads its command lines: from a person at a terminal, with a prompt,
 * line editing and the session's history (JLine); or, when standard input or output is not a
 * terminal, plainly line by line, the prompt printed as it was, so that piped input and its
 * transcript stay byte for byte the same.
 */
sealed interface ShellInput extends Closeable {
  /** The next command line after showing {@code prompt}, or null at the end of the input. */
  @Nullable String readLine(String prompt) throws IOException;

  /**
   * A terminal's input when the process has one on both ends, else plain standard input. On Java
   * 17, which ksim targets, {@link System#console()} is null unless both are a terminal.
   */
  @SuppressWarnings("SystemConsoleNull")
  static ShellInput open(PrintStream out) throws IOException {
    if (System.console() == null) {
      return new Plain(
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), out);
    }
    Terminal terminal = TerminalBuilder.builder().system(true).build();
    return new Interactive(terminal, LineReaderBuilder.builder().terminal(terminal).build());
  }

  /** Lines read plainly, the prompt printed before each. */
  record Plain(BufferedReader in, PrintStream out) implements ShellInput {
    @Override
    public @Nullable String readLine(String prompt) throws IOException {
      out.print(prompt);
      out.flush();
      return in.readLine();
    }

    @Override
    public void close() {
      // standard input stays open for the process
    }
  }

  /**
   * Lines typed at a terminal through JLine's line reader: Emacs-style editing and the history of
   * this session (up and down arrows, Ctrl-R). Ctrl-C drops the line being typed; Ctrl-D on an
   * empty line ends the session.
   */
  record Interactive(Terminal terminal, LineReader reader) implements ShellInput {
    @Override
    public @Nullable String readLine(String prompt) {
      try {
        return reader.readLine(prompt);
      } catch (UserInterruptException e) {
        return "";
      } catch (EndOfFileException e) {
        return null;
      }
    }

    @Override
    public void close() throws IOException {
      terminal.close();
    }
  }
}
