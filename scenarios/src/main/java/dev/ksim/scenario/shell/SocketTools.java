package dev.ksim.scenario.shell;

import dev.ksim.net.IpAddress;
import dev.ksim.net.Protocol;
import dev.ksim.scenario.shell.NodeProcesses.Socket;
import dev.ksim.view.CommandResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The listening sockets of a node as {@code ss -lntup} (iproute2 6.1), {@code netstat -lntup}
 * (net-tools 2.10) and {@code lsof -i :PORT} (lsof 4.95) print them; goldens recorded with those
 * tools in a network namespace. Only listening sockets exist here (the simulated connections are
 * not sockets of a process), so ss and netstat need {@code -l}; names are printed numerically with
 * or without {@code -n}.
 */
final class SocketTools {
  private SocketTools() {}

  /** Which sockets to show: {@code -t}, {@code -u} (both when neither), {@code -p}. */
  private record Options(boolean tcp, boolean udp, boolean processes) {
    List<Socket> select(List<Socket> sockets) {
      return sockets.stream()
          .filter(s -> s.protocol() == Protocol.TCP ? tcp : s.protocol() == Protocol.UDP && udp)
          .toList();
    }
  }

  private static Options options(String tool, List<String> args) {
    boolean tcp = false;
    boolean udp = false;
    boolean processes = false;
    boolean listening = false;
    for (String arg : args) {
      if (!arg.startsWith("-") || arg.startsWith("--")) {
        throw UnsupportedCommandException.option(tool, arg, "-l -n -t -u -p");
      }
      for (char c : arg.substring(1).toCharArray()) {
        switch (c) {
          case 't' -> tcp = true;
          case 'u' -> udp = true;
          case 'p' -> processes = true;
          case 'l' -> listening = true;
          case 'n', '4', '6' -> {
            // numeric is how ksim prints; both families are listed
          }
          default -> throw UnsupportedCommandException.option(tool, "-" + c, "-l -n -t -u -p");
        }
      }
    }
    if (!listening) {
      throw new UnsupportedCommandException(
          "ksim: "
              + tool
              + " shows listening sockets only here (add -l, as in "
              + tool
              + " -lntp)");
    }
    return tcp || udp ? new Options(tcp, udp, processes) : new Options(true, true, processes);
  }

  /** {@code ss -l[ntup]}. */
  static CommandResult ss(List<Socket> all, List<String> args) {
    Options options = options("ss", args);
    List<Socket> sockets = new ArrayList<>(options.select(all));
    // ss walks UDP before TCP
    sockets.sort(Comparator.comparingInt((Socket s) -> s.protocol() == Protocol.UDP ? 0 : 1));
    boolean netid = options.tcp() && options.udp();
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "Netid",
          "State",
          "Recv-Q",
          "Send-Q",
          "Local Address:",
          "Port",
          "Peer Address:",
          "Port",
          "Process"
        });
    for (Socket s : sockets) {
      boolean tcp = s.protocol() == Protocol.TCP;
      rows.add(
          new String[] {
            tcp ? "tcp" : "udp",
            tcp ? "LISTEN" : "UNCONN",
            "0",
            tcp ? "4096" : "0",
            ssHost(s.address()) + ":",
            String.valueOf(s.port()),
            ssPeer(s.address()) + ":",
            "*",
            options.processes()
                ? " users:((\""
                    + s.process().comm()
                    + "\",pid="
                    + s.process().pid()
                    + ",fd="
                    + s.fd()
                    + "))"
                : ""
          });
    }
    int[] widths = new int[9];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    boolean[] right = {false, false, false, false, true, false, true, false, false};
    String[] delimiter = {"", " ", " ", " ", " ", "", " ", "", ""};
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = netid ? 0 : 1; i < row.length; i++) {
        line.append(i == 1 && !netid ? "" : delimiter[i]);
        line.append(right[i] ? pad(row[i], widths[i], true) : pad(row[i], widths[i], false));
      }
      out.append(line).append('\n');
    }
    return CommandResult.ok(out.toString());
  }

  private static String ssHost(@Nullable IpAddress address) {
    if (address == null) {
      return "*";
    }
    return address.isV4() ? address.toString() : "[" + address + "]";
  }

  private static String ssPeer(@Nullable IpAddress address) {
    if (address == null) {
      return "*";
    }
    return address.isV4() ? "0.0.0.0" : "[::]";
  }

  /** {@code netstat -l[ntup]}. */
  static CommandResult netstat(List<Socket> all, List<String> args) {
    Options options = options("netstat", args);
    StringBuilder out = new StringBuilder("Active Internet connections (only servers)\n");
    out.append("Proto Recv-Q Send-Q Local Address           Foreign Address         State      ");
    out.append(options.processes() ? " PID/Program name    \n" : "\n");
    for (Socket s : options.select(all)) {
      boolean v6 = s.address() == null || !s.address().isV4();
      String proto = (s.protocol() == Protocol.TCP ? "tcp" : "udp") + (v6 ? "6" : "");
      String local = (s.address() == null ? "::" : s.address().toString()) + ":" + s.port();
      String foreign = v6 ? ":::*" : "0.0.0.0:*";
      out.append(pad(proto, 5, false))
          .append(' ')
          .append(pad("0", 6, true))
          .append(' ')
          .append(pad("0", 6, true))
          .append(' ')
          .append(pad(local, 23, false))
          .append(' ')
          .append(pad(foreign, 23, false))
          .append(' ')
          .append(pad(s.protocol() == Protocol.TCP ? "LISTEN" : "", 11, false));
      if (options.processes()) {
        out.append(' ').append(pad(s.process().pid() + "/" + s.process().comm(), 20, false));
      }
      out.append('\n');
    }
    return CommandResult.ok(out.toString());
  }

  /** {@code lsof [-n] [-P] -i [TCP|UDP][:PORT]}: exit 1 when nothing matches. */
  static CommandResult lsof(List<Socket> all, List<String> args) {
    boolean numericHosts = false;
    String spec = null;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "-n" -> numericHosts = true;
        case "-P", "-nP", "-Pn" -> numericHosts |= arg.contains("n");
        case "-i" -> spec = i + 1 < args.size() ? args.get(++i) : "";
        default -> {
          if (arg.startsWith("-i")) {
            spec = arg.substring(2);
          } else {
            throw UnsupportedCommandException.option("lsof", arg, "-i [TCP|UDP][:PORT], -n, -P");
          }
        }
      }
    }
    if (spec == null) {
      throw new UnsupportedCommandException(
          "ksim: lsof lists network files only here (lsof -i :PORT)");
    }
    String protocol = spec.contains(":") ? spec.substring(0, spec.indexOf(':')) : spec;
    String portText = spec.contains(":") ? spec.substring(spec.indexOf(':') + 1) : "";
    List<Socket> sockets = new ArrayList<>();
    for (Socket s : all) {
      boolean protocolMatches =
          protocol.isEmpty() || protocol.equalsIgnoreCase(s.protocol().token());
      boolean portMatches = portText.isEmpty() || portText.equals(String.valueOf(s.port()));
      if (protocolMatches && portMatches) {
        sockets.add(s);
      }
    }
    if (sockets.isEmpty()) {
      return CommandResult.error("", 1);
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "COMMAND", "PID", "USER", "FD", "TYPE", "DEVICE", "SIZE/OFF", "NODE", "NAME"
        });
    for (Socket s : sockets) {
      String comm = s.process().comm();
      String host =
          s.address() == null
              ? "*"
              : !numericHosts && s.address().toString().equals("127.0.0.1")
                  ? "localhost"
                  : s.address().isV4() ? s.address().toString() : "[" + s.address() + "]";
      boolean tcp = s.protocol() == Protocol.TCP;
      rows.add(
          new String[] {
            comm.length() > 9 ? comm.substring(0, 9) : comm,
            String.valueOf(s.process().pid()),
            s.process().user(),
            s.fd() + "u",
            s.address() == null || !s.address().isV4() ? "IPv6" : "IPv4",
            String.valueOf(20000 + 131 * s.port() % 9000 + s.fd()),
            "0t0",
            tcp ? "TCP" : "UDP",
            host + ":" + s.port() + (tcp ? " (LISTEN)" : "")
          });
    }
    int[] widths = new int[9];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (int r = 0; r < rows.size(); r++) {
      String[] row = rows.get(r);
      String fd =
          r == 0
              ? pad("FD", 4, true) + "  "
              : pad(row[3].substring(0, row[3].length() - 1), 4, true)
                  + row[3].charAt(row[3].length() - 1)
                  + " ";
      out.append(pad(row[0], widths[0], false))
          .append(' ')
          .append(pad(row[1], widths[1], true))
          .append(' ')
          .append(pad(row[2], widths[2], false))
          .append(' ')
          .append(fd)
          .append(' ')
          .append(pad(row[4], widths[4], false))
          .append(' ')
          .append(pad(row[5], widths[5], true))
          .append(' ')
          .append(pad(row[6], widths[6], true))
          .append(' ')
          .append(pad(row[7], widths[7], true))
          .append(' ')
          .append(row[8])
          .append('\n');
    }
    return CommandResult.ok(out.toString());
  }

  static String pad(String text, int width, boolean right) {
    String spaces = " ".repeat(Math.max(0, width - text.length()));
    return right ? spaces + text : text + spaces;
  }
}
