package dev.ksim.scenario.shell;

import dev.ksim.image.Database;
import dev.ksim.image.data.MysqlServer;
import dev.ksim.image.data.SqlResult;
import dev.ksim.net.IpAddress;
import dev.ksim.view.CommandResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The mysql client (MySQL 8.0) as tutorials run it: {@code mysql [-h HOST] [-P PORT] [-u USER]
 * [-pPASSWORD] [-D DB] [-N] [-t|-B] -e "STATEMENT; ..." [DB]}. It logs in as the server's image
 * lets it (root with {@code MYSQL_ROOT_PASSWORD}, {@code MYSQL_USER} with {@code MYSQL_PASSWORD},
 * or root without a password under {@code MYSQL_ALLOW_EMPTY_PASSWORD}), runs the statements, and
 * prints result sets as mysql does: table boxes at a terminal (or with -t), tab-separated lines
 * with a header into a pipe (or with -B). Without -h it uses the pod's own server through its
 * socket. The interactive prompt and a password typed at it are not simulated.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/mysql-command-options.html">mysql client
 *     options</a>
 * @see <a href="https://dev.mysql.com/doc/mysql-errors/8.0/en/client-error-reference.html">client
 *     errors (2002, 2003, 2005, 2013)</a>
 */
final class MysqlClient {
  private static final String PASSWORD_WARNING =
      "mysql: [Warning] Using a password on the command line interface can be insecure.\n";

  private final DatabaseClients clients;
  private final boolean terminal;

  MysqlClient(DatabaseClients clients, boolean terminal) {
    this.clients = clients;
    this.terminal = terminal;
  }

  /** The options of one invocation. */
  private static final class Options {
    @Nullable String host;
    int port = 3306;
    String user = "root";
    @Nullable String password;
    @Nullable String database;
    @Nullable String execute;
    boolean table;
    boolean columnNames = true;
  }

  CommandResult run(List<String> args) {
    Options o = new Options();
    o.table = terminal;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("-h") || arg.equals("--host")) {
        o.host = value(args, ++i);
      } else if (arg.startsWith("--host=")) {
        o.host = arg.substring("--host=".length());
      } else if (arg.startsWith("-h")) {
        o.host = arg.substring(2);
      } else if (arg.equals("-P") || arg.equals("--port")) {
        o.port = port(value(args, ++i));
      } else if (arg.startsWith("--port=")) {
        o.port = port(arg.substring("--port=".length()));
      } else if (arg.startsWith("-P")) {
        o.port = port(arg.substring(2));
      } else if (arg.equals("-u") || arg.equals("--user")) {
        o.user = value(args, ++i);
      } else if (arg.startsWith("--user=")) {
        o.user = arg.substring("--user=".length());
      } else if (arg.startsWith("-u")) {
        o.user = arg.substring(2);
      } else if (arg.startsWith("--password=")) {
        o.password = arg.substring("--password=".length());
      } else if (arg.startsWith("-p") && arg.length() > 2) {
        o.password = arg.substring(2);
      } else if (arg.equals("-p") || arg.equals("--password")) {
        throw new UnsupportedCommandException(
            "ksim: mysql would prompt for the password here: write it on the line (-pPASSWORD)");
      } else if (arg.equals("-D") || arg.equals("--database")) {
        o.database = value(args, ++i);
      } else if (arg.startsWith("--database=")) {
        o.database = arg.substring("--database=".length());
      } else if (arg.equals("-e") || arg.equals("--execute")) {
        o.execute = value(args, ++i);
      } else if (arg.startsWith("--execute=")) {
        o.execute = arg.substring("--execute=".length());
      } else if (arg.equals("-t") || arg.equals("--table")) {
        o.table = true;
      } else if (arg.equals("-B") || arg.equals("--batch")) {
        o.table = false;
      } else if (arg.equals("-N") || arg.equals("--skip-column-names")) {
        o.columnNames = false;
      } else if (arg.startsWith("-")) {
        throw UnsupportedCommandException.option(
            "mysql", arg, "-h HOST, -P PORT, -u USER, -pPASSWORD, -D DB, -e SQL, -t, -B, -N");
      } else {
        o.database = arg;
      }
    }
    String sql = o.execute;
    if (sql == null) {
      throw new UnsupportedCommandException(
          "ksim: mysql's interactive prompt is not simulated: give the statements with -e"
              + " (mysql -h HOST -uroot -pPASSWORD -e \"SHOW DATABASES\")");
    }
    String warning = o.password != null ? PASSWORD_WARNING : "";
    String host = o.host == null ? "localhost" : o.host;
    return clients
        .connect(host, o.port, Database.MYSQL)
        .accept(
            new DatabaseClients.Visitor<CommandResult>() {
              @Override
              public CommandResult visitUnresolved(DatabaseClients.Unresolved unresolved) {
                return CommandResult.error(
                    warning + "ERROR 2005 (HY000): Unknown MySQL server host '" + host + "' (-2)\n",
                    1);
              }

              @Override
              public CommandResult visitFailed(DatabaseClients.Failed failed) {
                if (o.host == null) {
                  return CommandResult.error(
                      warning
                          + "ERROR 2002 (HY000): Can't connect to local MySQL server through"
                          + " socket '/var/run/mysqld/mysqld.sock' (2)\n",
                      1);
                }
                return CommandResult.error(
                    warning
                        + "ERROR 2003 (HY000): Can't connect to MySQL server on '"
                        + host
                        + ":"
                        + o.port
                        + "' ("
                        + errno(failed.outcome())
                        + ")\n",
                    1);
              }

              @Override
              public CommandResult visitOtherServer(DatabaseClients.OtherServer other) {
                return CommandResult.error(
                    warning
                        + "ERROR 2013 (HY000): Lost connection to MySQL server at 'reading initial"
                        + " communication packet', system error: 0\n",
                    1);
              }

              @Override
              public CommandResult visitServer(DatabaseClients.Server server) {
                return session(server, o, sql, warning);
              }
            });
  }

  private CommandResult session(
      DatabaseClients.Server server, Options o, String sql, String warning) {
    IpAddress client = server.client();
    String from = client == null ? "localhost" : client.toString();
    if (!authenticated(server, o)) {
      return CommandResult.error(
          warning
              + "ERROR 1045 (28000): Access denied for user '"
              + o.user
              + "'@'"
              + from
              + "' (using password: "
              + (o.password == null || o.password.isEmpty() ? "NO" : "YES")
              + ")\n",
          1);
    }
    MysqlServer mysql =
        clients
            .cluster()
            .dataStores()
            .mysql(
                server.pod(),
                server.container(),
                server.profile(),
                clients.env(server.pod(), server.container(), "MYSQL_DATABASE"));
    String database = o.database;
    if (database != null && !mysql.exists(database)) {
      return CommandResult.error(
          warning + "ERROR 1049 (42000): Unknown database '" + database + "'\n", 1);
    }
    MysqlServer.Session session = new MysqlServer.Session(database);
    StringBuilder out = new StringBuilder();
    for (String statement : statements(sql)) {
      SqlResult result = mysql.execute(statement, session);
      SqlResult.SqlError error = result.error();
      if (error != null) {
        return new CommandResult(
            out.toString(),
            warning
                + "ERROR "
                + error.code()
                + " ("
                + error.state()
                + ") at line 1: "
                + error.message()
                + "\n",
            1);
      }
      if (!result.columns().isEmpty() && !result.rows().isEmpty()) {
        out.append(o.table ? table(result, o.columnNames) : batch(result, o.columnNames));
      }
    }
    return new CommandResult(out.toString(), warning, 0);
  }

  /** Whether the image's environment lets {@code o.user} in with {@code o.password}. */
  private boolean authenticated(DatabaseClients.Server server, Options o) {
    String given = o.password == null ? "" : o.password;
    if (o.user.equals("root")) {
      Optional<String> root = clients.env(server.pod(), server.container(), "MYSQL_ROOT_PASSWORD");
      if (root.isPresent()) {
        return root.get().equals(given);
      }
      return given.isEmpty()
          && clients
              .env(server.pod(), server.container(), "MYSQL_ALLOW_EMPTY_PASSWORD")
              .filter(v -> !v.isEmpty())
              .isPresent();
    }
    Optional<String> user = clients.env(server.pod(), server.container(), "MYSQL_USER");
    return user.filter(o.user::equals).isPresent()
        && Objects.equals(
            clients.env(server.pod(), server.container(), "MYSQL_PASSWORD").orElse(""), given);
  }

  /** The statements of {@code sql}, split on {@code ;} outside quotes. */
  static List<String> statements(String sql) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    char quote = 0;
    for (int at = 0; at < sql.length(); at++) {
      char c = sql.charAt(at);
      if (quote != 0) {
        quote = c == quote ? 0 : quote;
      } else if (c == '\'' || c == '"' || c == '`') {
        quote = c;
      } else if (c == ';') {
        if (!current.toString().isBlank()) {
          statements.add(current.toString().strip());
        }
        current.setLength(0);
        continue;
      }
      current.append(c);
    }
    if (!current.toString().isBlank()) {
      statements.add(current.toString().strip());
    }
    return statements;
  }

  /** mysql's table format: a box, numbers right-aligned, other values left-aligned. */
  static String table(SqlResult result, boolean columnNames) {
    int columns = result.columns().size();
    int[] widths = new int[columns];
    boolean[] numeric = new boolean[columns];
    for (int c = 0; c < columns; c++) {
      widths[c] = columnNames ? result.columns().get(c).length() : 0;
      numeric[c] = true;
      for (List<String> row : result.rows()) {
        widths[c] = Math.max(widths[c], row.get(c).length());
        numeric[c] &= row.get(c).matches("-?[0-9]+(\\.[0-9]+)?");
      }
    }
    StringBuilder line = new StringBuilder("+");
    for (int width : widths) {
      line.append("-".repeat(width + 2)).append('+');
    }
    line.append('\n');
    StringBuilder out = new StringBuilder(line);
    if (columnNames) {
      out.append(row(result.columns(), widths, new boolean[columns])).append(line);
    }
    for (List<String> row : result.rows()) {
      out.append(row(row, widths, numeric));
    }
    return out.append(line).toString();
  }

  private static String row(List<String> values, int[] widths, boolean[] right) {
    StringBuilder out = new StringBuilder("|");
    for (int c = 0; c < values.size(); c++) {
      String format = "%" + (right[c] ? "" : "-") + widths[c] + "s";
      out.append(' ').append(String.format(format, values.get(c))).append(" |");
    }
    return out.append('\n').toString();
  }

  /** mysql's batch format: tab-separated, the column names first. */
  static String batch(SqlResult result, boolean columnNames) {
    StringBuilder out = new StringBuilder();
    if (columnNames) {
      out.append(String.join("\t", result.columns())).append('\n');
    }
    for (List<String> row : result.rows()) {
      out.append(String.join("\t", row)).append('\n');
    }
    return out.toString();
  }

  /** The errno mysql prints after a failed connect. */
  private static int errno(TcpConnection.Outcome outcome) {
    return switch (outcome) {
      case REFUSED -> 111;
      case TIMED_OUT -> 110;
      case NO_ROUTE -> 113;
      case CONNECTED -> 0;
    };
  }

  private static String value(List<String> args, int i) {
    if (i >= args.size()) {
      throw new UnsupportedCommandException(
          "ksim: mysql: option " + args.get(i - 1) + " needs a value");
    }
    return args.get(i);
  }

  private static int port(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new UnsupportedCommandException("ksim: mysql: not a port: '" + text + "'");
    }
  }
}
