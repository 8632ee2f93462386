package dev.ksim.scenario.shell;

import dev.ksim.image.Database;
import dev.ksim.image.data.MongoServer;
import dev.ksim.view.CommandResult;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * mongosh (2.3) and the legacy {@code mongo} shell as tutorials run them: {@code mongosh
 * [mongodb://HOST[:PORT]/DB | HOST[:PORT]/DB | DB] [--host HOST] [--port PORT] [-u USER -p PASSWORD
 * [--authenticationDatabase DB]] [--quiet] --eval SCRIPT}. It connects through the data path, logs
 * in when the server's image was given a root user ({@code MONGO_INITDB_ROOT_USERNAME}), runs the
 * script (see {@link MongoshScript}) and prints its value as mongosh does (see {@link
 * MongoshInspect}); connection failures are the Node driver's errors. The banner printed without
 * {@code --quiet} is left out, and {@code mongo} prints as mongosh does (the legacy shell's tojson
 * layout differs); the interactive prompt is not simulated.
 *
 * @see <a href="https://www.mongodb.com/docs/mongodb-shell/reference/options/">mongosh options</a>
 */
final class Mongosh {
  private final DatabaseClients clients;
  private final String tool;

  Mongosh(DatabaseClients clients, String tool) {
    this.clients = clients;
    this.tool = tool;
  }

  CommandResult run(List<String> args) {
    String host = "127.0.0.1";
    int port = 27017;
    String database = "test";
    String script = null;
    String user = null;
    String password = null;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "--host" -> {
          String value = value(args, ++i);
          int colon = value.lastIndexOf(':');
          if (colon > 0) {
            port = port(value.substring(colon + 1));
            value = value.substring(0, colon);
          }
          host = value;
        }
        case "--port" -> port = port(value(args, ++i));
        case "--eval" -> script = value(args, ++i);
        case "-u", "--username" -> user = value(args, ++i);
        case "-p", "--password" -> password = value(args, ++i);
        case "--authenticationDatabase" -> value(args, ++i);
        case "--quiet", "--norc", "--nodb" -> {
          if (arg.equals("--nodb")) {
            throw new UnsupportedCommandException("ksim: " + tool + " --nodb runs no server here");
          }
        }
        default -> {
          if (arg.startsWith("-")) {
            throw UnsupportedCommandException.option(
                tool,
                arg,
                "--host HOST, --port PORT, -u USER, -p PASSWORD, --authenticationDatabase DB,"
                    + " --quiet, --eval SCRIPT");
          }
          Target target = target(arg);
          String named = target.host();
          if (named != null) {
            host = named;
          }
          if (target.port() > 0) {
            port = target.port();
          }
          if (!target.database().isEmpty()) {
            database = target.database();
          }
        }
      }
    }
    if (script == null) {
      throw new UnsupportedCommandException(
          "ksim: "
              + tool
              + "'s interactive prompt is not simulated: give the script with --eval ("
              + tool
              + " --host HOST --eval 'db.runCommand({ping: 1})')");
    }
    String code = script;
    String db = database;
    String login = user;
    String secret = password;
    String shownHost = host;
    int serverPort = port;
    return clients
        .connect(host, port, Database.MONGODB)
        .accept(
            new DatabaseClients.Visitor<CommandResult>() {
              @Override
              public CommandResult visitUnresolved(DatabaseClients.Unresolved unresolved) {
                return failure("MongoNetworkError: getaddrinfo ENOTFOUND " + shownHost);
              }

              @Override
              public CommandResult visitFailed(DatabaseClients.Failed failed) {
                String errno =
                    switch (failed.outcome()) {
                      case REFUSED -> "ECONNREFUSED";
                      case TIMED_OUT -> "ETIMEDOUT";
                      case NO_ROUTE, CONNECTED -> "EHOSTUNREACH";
                    };
                return failure(
                    "MongoNetworkError: connect "
                        + errno
                        + " "
                        + failed.address()
                        + ":"
                        + serverPort);
              }

              @Override
              public CommandResult visitOtherServer(DatabaseClients.OtherServer other) {
                return failure(
                    "MongoNetworkError: connection 1 to "
                        + other.address()
                        + ":"
                        + serverPort
                        + " closed");
              }

              @Override
              public CommandResult visitServer(DatabaseClients.Server server) {
                return session(server, db, code, login, secret);
              }
            });
  }

  private CommandResult session(
      DatabaseClients.Server server,
      String database,
      String script,
      @Nullable String user,
      @Nullable String password) {
    Optional<String> root =
        clients.env(server.pod(), server.container(), "MONGO_INITDB_ROOT_USERNAME");
    if (user != null) {
      boolean valid =
          root.filter(user::equals).isPresent()
              && clients
                  .env(server.pod(), server.container(), "MONGO_INITDB_ROOT_PASSWORD")
                  .filter(p -> p.equals(password))
                  .isPresent();
      if (!valid) {
        return failure("MongoServerError: Authentication failed.");
      }
    }
    MongoServer mongo =
        clients.cluster().dataStores().mongo(server.pod(), server.container(), server.profile());
    boolean needsLogin = root.isPresent() && user == null;
    try {
      if (needsLogin && !script.replaceAll("\\s+", "").matches(".*(ping|getName\\(\\)).*")) {
        return failure("MongoServerError: Command requires authentication");
      }
      Object value =
          new MongoshScript(mongo, database, clients.cluster().clock().now().getEpochSecond())
              .run(script);
      return CommandResult.ok(MongoshInspect.print(value));
    } catch (MongoshScript.ScriptException e) {
      return failure(String.valueOf(e.getMessage()));
    }
  }

  private static CommandResult failure(String message) {
    return CommandResult.error(message + "\n", 1);
  }

  /** A connection string or a bare {@code HOST[:PORT]/DB} or {@code DB}. */
  private record Target(@Nullable String host, int port, String database) {}

  private Target target(String text) {
    if (text.startsWith("mongodb://")) {
      try {
        URI uri = new URI(text);
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        return new Target(uri.getHost(), uri.getPort(), path);
      } catch (URISyntaxException e) {
        throw new UnsupportedCommandException(
            "ksim: " + tool + ": not a connection string: " + text);
      }
    }
    int slash = text.indexOf('/');
    if (slash < 0) {
      return new Target(null, -1, text);
    }
    String address = text.substring(0, slash);
    int colon = address.lastIndexOf(':');
    return colon < 0
        ? new Target(address, -1, text.substring(slash + 1))
        : new Target(
            address.substring(0, colon),
            port(address.substring(colon + 1)),
            text.substring(slash + 1));
  }

  private String value(List<String> args, int i) {
    if (i >= args.size()) {
      throw new UnsupportedCommandException(
          "ksim: " + tool + ": option " + args.get(i - 1) + " needs a value");
    }
    return args.get(i);
  }

  private int port(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new UnsupportedCommandException("ksim: " + tool + ": not a port: '" + text + "'");
    }
  }
}
