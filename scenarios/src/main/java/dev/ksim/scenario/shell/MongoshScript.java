package dev.ksim.scenario.shell;

import dev.ksim.image.data.MongoServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The part of mongosh's JavaScript that {@code --eval} scripts in tutorials use: statements
 * separated by {@code ;} or lines, each {@code db.getName()}, {@code db.getCollectionNames()},
 * {@code db.runCommand({ping: 1})}, {@code db.adminCommand('ping')}, or {@code db.COLL.M(ARGS)}
 * with M one of insertOne, find (with {@code .toArray()} or {@code .pretty()}), findOne,
 * countDocuments and drop; arguments are object literals with string, number, boolean and null
 * values (nested objects too). The value of the last statement is the script's result.
 */
final class MongoshScript {
  private static final Pattern COLLECTION_CALL =
      Pattern.compile(
          "(?s)db\\.([A-Za-z_$][\\w$]*)\\.(insertOne|find|findOne|countDocuments|drop)\\((.*)\\)"
              + "(\\.(toArray|pretty)\\(\\))?");

  private final MongoServer server;
  private final String database;
  private final long epochSeconds;

  MongoshScript(MongoServer server, String database, long epochSeconds) {
    this.server = server;
    this.database = database;
    this.epochSeconds = epochSeconds;
  }

  /** A statement ksim cannot run: mongosh's own words, or ksim's where mongosh has none. */
  static final class ScriptException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ScriptException(String message) {
      super(message);
    }
  }

  /** Runs {@code script}; the last statement's value (null for none). */
  @Nullable Object run(String script) {
    Object last = null;
    for (String statement : MysqlClient.statements(script.replace('\n', ';'))) {
      last = evaluate(statement.strip());
    }
    return last;
  }

  private @Nullable Object evaluate(String statement) {
    switch (statement.replaceAll("\\s+", "")) {
      case "db.getName()", "db" -> {
        return database;
      }
      case "db.getCollectionNames()" -> {
        return new ArrayList<Object>(server.collections(database));
      }
      case "db.runCommand({ping:1})",
          "db.adminCommand({ping:1})",
          "db.adminCommand('ping')",
          "db.adminCommand(\"ping\")",
          "db.runCommand('ping')",
          "db.runCommand(\"ping\")" -> {
        Map<String, Object> ok = new LinkedHashMap<>();
        ok.put("ok", 1.0);
        return ok;
      }
      default -> {
        // a collection method, below
      }
    }
    Matcher m = COLLECTION_CALL.matcher(statement);
    if (!m.matches()) {
      throw new ScriptException(
          "ksim: mongosh: ksim runs db.getName(), db.getCollectionNames(), db.runCommand({ping:"
              + " 1}) and db.COLLECTION.insertOne|find|findOne|countDocuments|drop(...), not: "
              + statement);
    }
    String collection = m.group(1);
    String arguments = m.group(3).strip();
    Map<String, Object> document = arguments.isEmpty() ? Map.of() : new Literal(arguments).object();
    return switch (m.group(2)) {
      case "insertOne" -> {
        if (arguments.isEmpty()) {
          throw new ScriptException(
              "MongoInvalidArgumentError: Argument \"document\" must be an object");
        }
        Object id = server.insert(database, collection, List.of(document), epochSeconds).get(0);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("acknowledged", true);
        result.put("insertedId", id);
        yield result;
      }
      case "find" -> new ArrayList<Object>(server.find(database, collection, document));
      case "findOne" -> {
        List<Map<String, Object>> found = server.find(database, collection, document);
        yield found.isEmpty() ? null : found.get(0);
      }
      case "countDocuments" -> (double) server.find(database, collection, document).size();
      default -> server.drop(database, collection);
    };
  }

  /** A JavaScript object literal, read from text. */
  private static final class Literal {
    private final String text;
    private int at;

    Literal(String text) {
      this.text = text;
    }

    Map<String, Object> object() {
      Map<String, Object> object = readObject();
      skipSpace();
      if (at != text.length()) {
        throw unexpected();
      }
      return object;
    }

    private Map<String, Object> readObject() {
      expect('{');
      Map<String, Object> object = new LinkedHashMap<>();
      skipSpace();
      if (peek() == '}') {
        at++;
        return object;
      }
      while (true) {
        skipSpace();
        String key = peek() == '\'' || peek() == '"' ? readString() : readIdentifier();
        skipSpace();
        expect(':');
        skipSpace();
        object.put(key, readValue());
        skipSpace();
        if (peek() == ',') {
          at++;
          skipSpace();
          if (peek() == '}') {
            at++;
            return object;
          }
        } else {
          expect('}');
          return object;
        }
      }
    }

    private Object readValue() {
      char c = peek();
      if (c == '{') {
        return readObject();
      }
      if (c == '\'' || c == '"') {
        return readString();
      }
      String word = readIdentifier();
      return switch (word) {
        case "true" -> true;
        case "false" -> false;
        case "null" -> MongoServer.BsonNull.INSTANCE;
        default -> {
          try {
            yield Double.parseDouble(word);
          } catch (NumberFormatException e) {
            throw new ScriptException("ReferenceError: " + word + " is not defined");
          }
        }
      };
    }

    private String readString() {
      char quote = text.charAt(at++);
      StringBuilder out = new StringBuilder();
      while (at < text.length() && text.charAt(at) != quote) {
        char c = text.charAt(at++);
        if (c == '\\' && at < text.length()) {
          c = text.charAt(at++);
        }
        out.append(c);
      }
      expect(quote);
      return out.toString();
    }

    private String readIdentifier() {
      int start = at;
      while (at < text.length()
          && (Character.isLetterOrDigit(text.charAt(at))
              || "_$.-+".indexOf(text.charAt(at)) >= 0)) {
        at++;
      }
      if (start == at) {
        throw unexpected();
      }
      return text.substring(start, at);
    }

    private void expect(char c) {
      if (peek() != c) {
        throw unexpected();
      }
      at++;
    }

    private char peek() {
      return at < text.length() ? text.charAt(at) : '\0';
    }

    private void skipSpace() {
      while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
        at++;
      }
    }

    private ScriptException unexpected() {
      return new ScriptException(
          "SyntaxError: Unexpected token"
              + Optional.of(peek()).filter(c -> c != '\0').map(c -> " '" + c + "'").orElse("")
              + " in "
              + text);
    }
  }
}
