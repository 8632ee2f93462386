package dev.ksim.scenario.shell;

import static dev.ksim.scenario.shell.SocketTools.pad;

import dev.ksim.scenario.shell.NodeProcesses.Daemon;
import dev.ksim.view.CommandResult;
import java.util.List;

/**
 * {@code ps}, {@code ps aux} and {@code ps -ef} on a node, in procps-ng 4.0.2's columns (checked
 * against it on this machine). Plain {@code ps} shows the processes of the user's terminal: their
 * shell and ps itself. CPU, memory and times are those of idle processes started with the node.
 */
final class Ps {
  private Ps() {}

  static CommandResult run(List<Daemon> processes, List<String> args) {
    String options = String.join("", args).replace("-", "");
    if (args.isEmpty()) {
      int shell = processes.get(processes.size() - 1).pid() + 1000;
      return CommandResult.ok(
          "  PID TTY          TIME CMD\n" + line(shell, "bash") + line(shell + 1, "ps"));
    }
    if (options.equals("aux") || options.equals("ax")) {
      StringBuilder out =
          new StringBuilder(
              "USER       PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n");
      for (Daemon p : processes) {
        out.append(pad(p.user(), 8, false))
            .append(' ')
            .append(pad(String.valueOf(p.pid()), 5, true))
            .append("  0.0  0.1 ")
            .append(pad(String.valueOf(20000 + 17 * p.pid()), 6, true))
            .append(' ')
            .append(pad(String.valueOf(8000 + 11 * p.pid()), 5, true))
            .append(" ?        Ssl  00:00   0:00 ")
            .append(p.commandLine())
            .append('\n');
      }
      return CommandResult.ok(out.toString());
    }
    if (options.equals("ef") || options.equals("e")) {
      StringBuilder out =
          new StringBuilder("UID        PID  PPID  C STIME TTY          TIME CMD\n");
      for (Daemon p : processes) {
        out.append(pad(p.user(), 8, false))
            .append(' ')
            .append(pad(String.valueOf(p.pid()), 5, true))
            .append(' ')
            .append(pad(p.pid() == 1 ? "0" : "1", 5, true))
            .append("  0 00:00 ?        00:00:00 ")
            .append(p.commandLine())
            .append('\n');
      }
      return CommandResult.ok(out.toString());
    }
    throw new UnsupportedCommandException(
        "ksim: ps " + String.join(" ", args) + ": ksim runs ps, ps aux, ps -ef");
  }

  private static String line(int pid, String command) {
    return pad(String.valueOf(pid), 5, true) + " pts/0    00:00:00 " + command + "\n";
  }
}
