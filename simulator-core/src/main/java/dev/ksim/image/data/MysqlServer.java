package dev.ksim.image.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One MySQL 8.0 server's databases and tables and the statements the tutorials type: SHOW
 * DATABASES, CREATE DATABASE, DROP DATABASE, USE, SHOW TABLES, CREATE TABLE, DROP TABLE, INSERT
 * INTO ... VALUES, SELECT * (or columns) FROM a table, and SELECT of VERSION(), DATABASE(),
 * {@code @@hostname} or a literal. The database {@code MYSQL_DATABASE} names is created at the
 * first start, as the image's entrypoint does. Other statements answer MySQL's syntax error.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/sql-statements.html">SQL statements</a>
 * @see <a href="https://hub.docker.com/_/mysql">the mysql image (MYSQL_ROOT_PASSWORD,
 *     MYSQL_DATABASE)</a>
 */
public final class MysqlServer {
  /** The server version the mysql:8.0 image reports. */
  static final String VERSION = "8.0.40";

  private static final List<String> SYSTEM_DATABASES =
      List.of("information_schema", "mysql", "performance_schema", "sys");
  private static final Pattern NAME = Pattern.compile("`?([A-Za-z0-9_$]+)`?");
  private static final Pattern CREATE_TABLE =
      Pattern.compile("(?is)CREATE\\s+TABLE\\s+(IF\\s+NOT\\s+EXISTS\\s+)?`?(\\w+)`?\\s*\\((.*)\\)");
  private static final Pattern INSERT =
      Pattern.compile("(?is)INSERT\\s+INTO\\s+`?(\\w+)`?\\s*(\\(([^)]*)\\))?\\s*VALUES\\s*(.*)");
  private static final Pattern SELECT_FROM =
      Pattern.compile("(?is)SELECT\\s+(.+?)\\s+FROM\\s+`?(\\w+)`?");

  /** Tables by database name; a table is its column names and rows. */
  private final Map<String, Map<String, Table>> databases = new TreeMap<>();

  private final String hostname;

  private record Table(List<String> columns, List<List<String>> rows) {}

  MysqlServer(String hostname, Optional<String> initialDatabase) {
    this.hostname = hostname;
    initialDatabase.ifPresent(d -> databases.put(d, new TreeMap<>()));
  }

  /** Runs one statement (without its {@code ;}) for a session whose current database is given. */
  public SqlResult execute(String statement, Session session) {
    String sql = statement.strip();
    String upper = sql.toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
    if (upper.equals("SHOW DATABASES")) {
      List<List<String>> rows = new ArrayList<>();
      List<String> names = new ArrayList<>(SYSTEM_DATABASES);
      names.addAll(databases.keySet());
      names.stream().sorted().forEach(n -> rows.add(List.of(n)));
      return SqlResult.of(List.of("Database"), rows);
    }
    if (upper.startsWith("CREATE DATABASE ") || upper.startsWith("CREATE SCHEMA ")) {
      return createDatabase(sql, upper);
    }
    if (upper.startsWith("DROP DATABASE ") || upper.startsWith("DROP SCHEMA ")) {
      return dropDatabase(sql, upper);
    }
    if (upper.startsWith("USE ")) {
      String name = name(sql.substring(4));
      if (!exists(name)) {
        return unknownDatabase(name);
      }
      session.database = name;
      return SqlResult.done();
    }
    if (upper.equals("SHOW TABLES")) {
      if (session.database == null) {
        return noDatabase();
      }
      List<List<String>> rows = new ArrayList<>();
      tables(session.database).keySet().forEach(t -> rows.add(List.of(t)));
      return SqlResult.of(List.of("Tables_in_" + session.database), rows);
    }
    if (upper.startsWith("CREATE TABLE ")) {
      return createTable(sql, session);
    }
    if (upper.startsWith("DROP TABLE ")) {
      return dropTable(sql, session);
    }
    if (upper.startsWith("INSERT INTO ")) {
      return insert(sql, session);
    }
    if (upper.startsWith("SELECT ")) {
      return select(sql, session);
    }
    return syntaxError(sql);
  }

  /** A client's connection: the database it uses ({@code USE}, {@code -D}), or null. */
  public static final class Session {
    private @Nullable String database;

    /** A session in {@code database} (null for none); the caller checked that it exists. */
    public Session(@Nullable String database) {
      this.database = database;
    }
  }

  /** Whether the server has the database {@code name} (a system one included). */
  public boolean exists(String name) {
    return databases.containsKey(name) || SYSTEM_DATABASES.contains(name);
  }

  /** ER_BAD_DB_ERROR. */
  public static SqlResult unknownDatabase(String name) {
    return SqlResult.failed(1049, "42000", "Unknown database '" + name + "'");
  }

  private SqlResult createDatabase(String sql, String upper) {
    boolean ifNotExists = upper.contains(" IF NOT EXISTS ");
    String name = name(lastWord(sql));
    if (exists(name)) {
      return ifNotExists
          ? SqlResult.done()
          : SqlResult.failed(
              1007, "HY000", "Can't create database '" + name + "'; database exists");
    }
    databases.put(name, new TreeMap<>());
    return SqlResult.done();
  }

  private SqlResult dropDatabase(String sql, String upper) {
    boolean ifExists = upper.contains(" IF EXISTS ");
    String name = name(lastWord(sql));
    if (!databases.containsKey(name)) {
      return ifExists
          ? SqlResult.done()
          : SqlResult.failed(
              1008, "HY000", "Can't drop database '" + name + "'; database doesn't exist");
    }
    databases.remove(name);
    return SqlResult.done();
  }

  private SqlResult createTable(String sql, Session session) {
    Matcher m = CREATE_TABLE.matcher(sql);
    if (!m.matches()) {
      return syntaxError(sql);
    }
    if (session.database == null) {
      return noDatabase();
    }
    Map<String, Table> tables = tables(session.database);
    String name = m.group(2);
    if (tables.containsKey(name)) {
      return m.group(1) != null
          ? SqlResult.done()
          : SqlResult.failed(1050, "42S01", "Table '" + name + "' already exists");
    }
    List<String> columns = new ArrayList<>();
    for (String definition : splitTopLevel(m.group(3))) {
      String first = definition.strip().split("\\s+", 2)[0];
      String keyword = first.toUpperCase(Locale.ROOT);
      if (!List.of("PRIMARY", "KEY", "UNIQUE", "INDEX", "CONSTRAINT", "FOREIGN")
          .contains(keyword)) {
        columns.add(name(first));
      }
    }
    tables.put(name, new Table(columns, new ArrayList<>()));
    return SqlResult.done();
  }

  private SqlResult dropTable(String sql, Session session) {
    if (session.database == null) {
      return noDatabase();
    }
    String name = name(lastWord(sql));
    if (tables(session.database).remove(name) == null) {
      return SqlResult.failed(
          1051, "42S02", "Unknown table '" + session.database + "." + name + "'");
    }
    return SqlResult.done();
  }

  private SqlResult insert(String sql, Session session) {
    Matcher m = INSERT.matcher(sql);
    if (!m.matches()) {
      return syntaxError(sql);
    }
    if (session.database == null) {
      return noDatabase();
    }
    Table table = tables(session.database).get(m.group(1));
    if (table == null) {
      return noTable(session.database, m.group(1));
    }
    List<String> columns =
        m.group(3) == null
            ? table.columns()
            : splitTopLevel(m.group(3)).stream().map(c -> name(c.strip())).toList();
    for (String column : columns) {
      if (!table.columns().contains(column)) {
        return SqlResult.failed(1054, "42S22", "Unknown column '" + column + "' in 'field list'");
      }
    }
    List<List<String>> rows = new ArrayList<>();
    for (String tuple : splitTopLevel(m.group(4))) {
      String t = tuple.strip();
      if (!t.startsWith("(") || !t.endsWith(")")) {
        return syntaxError(sql);
      }
      List<String> values = splitTopLevel(t.substring(1, t.length() - 1));
      if (values.size() != columns.size()) {
        return SqlResult.failed(
            1136, "21S01", "Column count doesn't match value count at row " + (rows.size() + 1));
      }
      List<String> row = new ArrayList<>();
      for (String column : table.columns()) {
        int i = columns.indexOf(column);
        row.add(i < 0 ? "NULL" : literal(values.get(i)));
      }
      rows.add(row);
    }
    table.rows().addAll(rows);
    return SqlResult.done();
  }

  private SqlResult select(String sql, Session session) {
    Matcher m = SELECT_FROM.matcher(sql);
    if (m.matches()) {
      if (session.database == null) {
        return noDatabase();
      }
      Table table = tables(session.database).get(m.group(2));
      if (table == null) {
        return noTable(session.database, m.group(2));
      }
      List<String> wanted =
          m.group(1).strip().equals("*")
              ? table.columns()
              : splitTopLevel(m.group(1)).stream().map(c -> name(c.strip())).toList();
      List<Integer> indexes = new ArrayList<>();
      for (String column : wanted) {
        int i = table.columns().indexOf(column);
        if (i < 0) {
          return SqlResult.failed(1054, "42S22", "Unknown column '" + column + "' in 'field list'");
        }
        indexes.add(i);
      }
      List<List<String>> rows = new ArrayList<>();
      for (List<String> row : table.rows()) {
        rows.add(indexes.stream().map(row::get).toList());
      }
      return SqlResult.of(wanted, rows);
    }
    List<String> columns = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (String expression : splitTopLevel(sql.strip().substring("SELECT".length()))) {
      String e = expression.strip();
      String value =
          switch (e.toUpperCase(Locale.ROOT)) {
            case "VERSION()" -> VERSION;
            case "DATABASE()" -> session.database == null ? "NULL" : session.database;
            case "@@HOSTNAME" -> hostname;
            case "NOW()", "CURRENT_TIMESTAMP" -> "";
            default -> e.matches("-?[0-9]+|'[^']*'|\"[^\"]*\"") ? literal(e) : "";
          };
      if (value.isEmpty() && !e.matches("''|\"\"")) {
        return SqlResult.failed(1054, "42S22", "Unknown column '" + e + "' in 'field list'");
      }
      columns.add(e);
      values.add(value);
    }
    return SqlResult.of(columns, List.of(values));
  }

  private Map<String, Table> tables(String database) {
    return databases.computeIfAbsent(database, d -> new TreeMap<>());
  }

  private static SqlResult noDatabase() {
    return SqlResult.failed(1046, "3D000", "No database selected");
  }

  private static SqlResult noTable(String database, String table) {
    return SqlResult.failed(1146, "42S02", "Table '" + database + "." + table + "' doesn't exist");
  }

  /** ER_PARSE_ERROR, quoting the statement from where ksim stopped understanding it. */
  private static SqlResult syntaxError(String sql) {
    String near = sql.length() > 80 ? sql.substring(0, 80) : sql;
    return SqlResult.failed(
        1064,
        "42000",
        "You have an error in your SQL syntax; check the manual that corresponds to your MySQL"
            + " server version for the right syntax to use near '"
            + near
            + "' at line 1");
  }

  private static String lastWord(String sql) {
    String[] words = sql.strip().split("\\s+");
    return words[words.length - 1];
  }

  private static String name(String text) {
    Matcher m = NAME.matcher(text.strip());
    return m.matches() ? m.group(1) : text.strip();
  }

  /** A literal's value as the client prints it: a quoted string unquoted, a number as written. */
  private static String literal(String text) {
    String t = text.strip();
    if (t.length() >= 2
        && ((t.startsWith("'") && t.endsWith("'")) || (t.startsWith("\"") && t.endsWith("\"")))) {
      return t.substring(1, t.length() - 1);
    }
    return t.equalsIgnoreCase("null") ? "NULL" : t;
  }

  /** Splits on commas outside parentheses and quotes. */
  static List<String> splitTopLevel(String text) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    char quote = 0;
    StringBuilder part = new StringBuilder();
    for (int at = 0; at < text.length(); at++) {
      char c = text.charAt(at);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(part.toString());
        part.setLength(0);
        continue;
      }
      part.append(c);
    }
    if (!part.toString().isBlank()) {
      parts.add(part.toString());
    }
    return parts;
  }
}
