package dev.ksim.scenario.shell;

import dev.ksim.image.Database;
import dev.ksim.image.data.RedisReply;
import dev.ksim.image.data.RedisServer;
import dev.ksim.view.CommandResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code redis-cli [-h HOST] [-p PORT] [-a PASSWORD] [-n 0] [--raw|--no-raw] COMMAND [ARG...]}: one
 * command sent to the redis server at HOST:PORT (default 127.0.0.1:6379, the pod's own), its reply
 * printed as redis-cli 7.2 prints it: at a terminal {@code OK}, {@code "value"}, {@code (nil)},
 * {@code (integer) 1}, numbered arrays, {@code (error) ...}; into a pipe or with {@code --raw} the
 * bare values. INFO's text is printed as the server sends it. The interactive prompt is not
 * simulated: give the command on the line.
 *
 * @see <a href="https://github.com/redis/redis/blob/7.2/src/redis-cli.c">redis-cli.c
 *     (cliFormatReplyTTY, cliFormatReplyRaw, cliConnect)</a>
 */
final class RedisCli {
  private final DatabaseClients clients;
  private final boolean terminal;

  RedisCli(DatabaseClients clients, boolean terminal) {
    this.clients = clients;
    this.terminal = terminal;
  }

  CommandResult run(List<String> args) {
    String host = "127.0.0.1";
    int port = 6379;
    boolean tty = terminal;
    String warning = "";
    int i = 0;
    for (; i < args.size() && args.get(i).startsWith("-"); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "-h" -> host = value(args, ++i);
        case "-p" -> port = port(value(args, ++i));
        case "-a" -> {
          value(args, ++i);
          warning =
              "Warning: Using a password with '-a' or '-u' option on the command line interface"
                  + " may not be safe.\n";
        }
        case "-n" -> {
          if (!value(args, ++i).equals("0")) {
            throw new UnsupportedCommandException(
                "ksim: redis-cli: ksim's redis servers hold database 0 only");
          }
        }
        case "--raw" -> tty = false;
        case "--no-raw" -> tty = true;
        default ->
            throw UnsupportedCommandException.option(
                "redis-cli", arg, "-h HOST, -p PORT, -a PASSWORD, -n 0, --raw, --no-raw");
      }
    }
    List<String> command = args.subList(i, args.size());
    if (command.isEmpty()) {
      throw new UnsupportedCommandException(
          "ksim: redis-cli's interactive prompt is not simulated: give the command on the line"
              + " (redis-cli -h "
              + host
              + " get a)");
    }
    String failure = "Could not connect to Redis at " + host + ":" + port + ": ";
    String prefix = warning;
    boolean raw = !tty;
    return clients
        .connect(host, port, Database.REDIS)
        .accept(
            new DatabaseClients.Visitor<CommandResult>() {
              @Override
              public CommandResult visitUnresolved(DatabaseClients.Unresolved unresolved) {
                return CommandResult.error(prefix + failure + "Name or service not known\n", 1);
              }

              @Override
              public CommandResult visitFailed(DatabaseClients.Failed failed) {
                return CommandResult.error(prefix + failure + reason(failed.outcome()) + "\n", 1);
              }

              @Override
              public CommandResult visitOtherServer(DatabaseClients.OtherServer other) {
                return CommandResult.error(
                    prefix
                        + (other.speaksHttp()
                            ? "Error: Protocol error, got \"H\" as reply type byte\n"
                            : "Error: Server closed the connection\n"),
                    1);
              }

              @Override
              public CommandResult visitServer(DatabaseClients.Server server) {
                return new CommandResult(reply(server, command, raw), prefix, 0);
              }
            });
  }

  private String reply(DatabaseClients.Server server, List<String> command, boolean raw) {
    RedisServer redis =
        clients.cluster().dataStores().redis(server.pod(), server.container(), server.profile());
    RedisReply reply = redis.execute(command);
    if (command.get(0).equalsIgnoreCase("info")) {
      return reply.accept(new RawFormat());
    }
    return raw ? reply.accept(new RawFormat()) + "\n" : reply.accept(new TtyFormat(""));
  }

  /** hiredis's connect errors, strerror's words. */
  static String reason(TcpConnection.Outcome outcome) {
    return switch (outcome) {
      case REFUSED -> "Connection refused";
      case NO_ROUTE -> "No route to host";
      case TIMED_OUT -> "Connection timed out";
      case CONNECTED -> "";
    };
  }

  private static String value(List<String> args, int i) {
    if (i >= args.size()) {
      throw new UnsupportedCommandException(
          "ksim: redis-cli: option " + args.get(i - 1) + " needs a value");
    }
    return args.get(i);
  }

  private static int port(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new UnsupportedCommandException("ksim: redis-cli: not a port: '" + text + "'");
    }
  }

  /** cliFormatReplyTTY: one reply per line, arrays numbered and indented by {@code prefix}. */
  private record TtyFormat(String prefix) implements RedisReply.Visitor<String> {
    @Override
    public String visitStatus(RedisReply.Status status) {
      return status.text() + "\n";
    }

    @Override
    public String visitError(RedisReply.ErrorReply error) {
      return "(error) " + error.message() + "\n";
    }

    @Override
    public String visitInteger(RedisReply.IntegerReply integer) {
      return "(integer) " + integer.value() + "\n";
    }

    @Override
    public String visitBulk(RedisReply.Bulk bulk) {
      String value = bulk.value();
      return value == null ? "(nil)\n" : repr(value) + "\n";
    }

    @Override
    public String visitArray(RedisReply.Array array) {
      List<RedisReply> elements = array.elements();
      if (elements.isEmpty()) {
        return "(empty array)\n";
      }
      int width = Integer.toString(elements.size()).length();
      String inner = prefix + " ".repeat(width + 2);
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < elements.size(); i++) {
        out.append(i == 0 ? "" : prefix)
            .append(String.format("%" + width + "d) ", i + 1))
            .append(elements.get(i).accept(new TtyFormat(inner)));
      }
      return out.toString();
    }
  }

  /** cliFormatReplyRaw: the bare values, array elements one per line, nil as nothing. */
  private static final class RawFormat implements RedisReply.Visitor<String> {
    @Override
    public String visitStatus(RedisReply.Status status) {
      return status.text();
    }

    @Override
    public String visitError(RedisReply.ErrorReply error) {
      return error.message() + "\n";
    }

    @Override
    public String visitInteger(RedisReply.IntegerReply integer) {
      return Long.toString(integer.value());
    }

    @Override
    public String visitBulk(RedisReply.Bulk bulk) {
      String value = bulk.value();
      return value == null ? "" : value;
    }

    @Override
    public String visitArray(RedisReply.Array array) {
      List<String> parts = new ArrayList<>();
      array.elements().forEach(e -> parts.add(e.accept(this)));
      return String.join("\n", parts);
    }
  }

  /** sdscatrepr: a quoted string with C escapes for quotes, backslashes and control bytes. */
  static String repr(String value) {
    StringBuilder out = new StringBuilder("\"");
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case 7 -> out.append("\\a");
        case '\b' -> out.append("\\b");
        default -> {
          if (c >= 0x20 && c < 0x7f) {
            out.append((char) c);
          } else {
            out.append(String.format("\\x%02x", c));
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
