package dev.ksim.image.data;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One redis server's keyspace (database 0, string values) and the commands the tutorials type:
 * PING, ECHO, SET (NX, XX), GET, DEL, EXISTS, KEYS, DBSIZE, INCR, DECR, FLUSHDB, FLUSHALL and INFO
 * (replication, server). A server started from the catalogue's values holds them until changed.
 * KEYS lists keys in the order they were set (a real server's order is its hash table's).
 *
 * @see <a href="https://github.com/redis/redis/blob/7.2/src/server.c">server.c (processCommand's
 *     errors)</a>
 */
public final class RedisServer {
  private final Map<String, String> keyspace;
  private final String replicationId;

  RedisServer(String location, Map<String, String> values) {
    this.keyspace = new LinkedHashMap<>(values);
    this.replicationId =
        Hashing.sha256().hashString(location, StandardCharsets.UTF_8).toString().substring(0, 40);
  }

  /** Runs one command ({@code argv[0]} its name, in any case) and returns the server's reply. */
  public RedisReply execute(List<String> argv) {
    String name = argv.get(0).toLowerCase(Locale.ROOT);
    List<String> args = argv.subList(1, argv.size());
    return switch (name) {
      case "ping" ->
          args.size() > 1
              ? arity(name)
              : args.isEmpty() ? new RedisReply.Status("PONG") : new RedisReply.Bulk(args.get(0));
      case "echo" -> args.size() != 1 ? arity(name) : new RedisReply.Bulk(args.get(0));
      case "set" -> set(args);
      case "get" -> args.size() != 1 ? arity(name) : new RedisReply.Bulk(keyspace.get(args.get(0)));
      case "del" -> args.isEmpty() ? arity(name) : count(args, true);
      case "exists" -> args.isEmpty() ? arity(name) : count(args, false);
      case "keys" -> args.size() != 1 ? arity(name) : keys(args.get(0));
      case "dbsize" -> args.isEmpty() ? new RedisReply.IntegerReply(keyspace.size()) : arity(name);
      case "incr" -> args.size() != 1 ? arity(name) : increment(args.get(0), 1);
      case "decr" -> args.size() != 1 ? arity(name) : increment(args.get(0), -1);
      case "flushdb", "flushall" -> {
        keyspace.clear();
        yield new RedisReply.Status("OK");
      }
      case "info" -> info(args);
      default -> unknown(argv);
    };
  }

  private RedisReply set(List<String> args) {
    if (args.size() < 2) {
      return arity("set");
    }
    boolean ifAbsent = false;
    boolean ifPresent = false;
    for (String option : args.subList(2, args.size())) {
      switch (option.toUpperCase(Locale.ROOT)) {
        case "NX" -> ifAbsent = true;
        case "XX" -> ifPresent = true;
        default -> {
          return new RedisReply.ErrorReply("ERR syntax error");
        }
      }
    }
    if (ifAbsent && ifPresent) {
      return new RedisReply.ErrorReply("ERR syntax error");
    }
    boolean present = keyspace.containsKey(args.get(0));
    if ((ifAbsent && present) || (ifPresent && !present)) {
      return new RedisReply.Bulk(null);
    }
    keyspace.put(args.get(0), args.get(1));
    return new RedisReply.Status("OK");
  }

  private RedisReply count(List<String> keys, boolean delete) {
    long n = 0;
    for (String key : keys) {
      if (delete ? keyspace.remove(key) != null : keyspace.containsKey(key)) {
        n++;
      }
    }
    return new RedisReply.IntegerReply(n);
  }

  private RedisReply keys(String pattern) {
    Pattern glob = glob(pattern);
    List<RedisReply> keys = new ArrayList<>();
    for (String key : keyspace.keySet()) {
      if (glob.matcher(key).matches()) {
        keys.add(new RedisReply.Bulk(key));
      }
    }
    return new RedisReply.Array(keys);
  }

  private RedisReply increment(String key, long by) {
    String value = keyspace.getOrDefault(key, "0");
    long number;
    try {
      number = Math.addExact(Long.parseLong(value), by);
    } catch (NumberFormatException | ArithmeticException e) {
      return new RedisReply.ErrorReply("ERR value is not an integer or out of range");
    }
    keyspace.put(key, Long.toString(number));
    return new RedisReply.IntegerReply(number);
  }

  /** INFO's replication and server sections, as a master with no replicas reports them. */
  private RedisReply info(List<String> args) {
    String section = args.isEmpty() ? "default" : args.get(0).toLowerCase(Locale.ROOT);
    StringBuilder out = new StringBuilder();
    if (List.of("default", "all", "everything", "server").contains(section)) {
      out.append("# Server\r\nredis_version:7.2.5\r\nredis_mode:standalone\r\n")
          .append("os:Linux x86_64\r\narch_bits:64\r\ntcp_port:6379\r\n");
    }
    if (List.of("default", "all", "everything", "replication").contains(section)) {
      if (out.length() > 0) {
        out.append("\r\n");
      }
      out.append("# Replication\r\nrole:master\r\nconnected_slaves:0\r\n")
          .append("master_failover_state:no-failover\r\n")
          .append("master_replid:")
          .append(replicationId)
          .append("\r\nmaster_replid2:0000000000000000000000000000000000000000\r\n")
          .append("master_repl_offset:0\r\nsecond_repl_offset:-1\r\n")
          .append("repl_backlog_active:0\r\nrepl_backlog_size:1048576\r\n")
          .append("repl_backlog_first_byte_offset:0\r\nrepl_backlog_histlen:0\r\n");
    }
    return new RedisReply.Bulk(out.toString());
  }

  private static RedisReply arity(String name) {
    return new RedisReply.ErrorReply("ERR wrong number of arguments for '" + name + "' command");
  }

  /** redis 7's answer to a command it does not have: its name and up to its first arguments. */
  private static RedisReply unknown(List<String> argv) {
    StringBuilder message =
        new StringBuilder("ERR unknown command '")
            .append(argv.get(0))
            .append("', with args beginning with: ");
    for (String arg : argv.subList(1, argv.size())) {
      message.append('\'').append(arg).append("' ");
    }
    return new RedisReply.ErrorReply(message.toString());
  }

  /** stringmatchlen's glob: {@code *}, {@code ?}, {@code [abc]}, {@code [^a]}, {@code \x}. */
  private static Pattern glob(String pattern) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        case '[' -> {
          int end = pattern.indexOf(']', i + 1);
          if (end < 0) {
            regex.append("\\[");
          } else {
            String set = pattern.substring(i + 1, end);
            regex.append('[');
            for (int j = 0; j < set.length(); j++) {
              char member = set.charAt(j);
              if ("\\[]&".indexOf(member) >= 0 || (member == '^' && j > 0)) {
                regex.append('\\');
              }
              regex.append(member);
            }
            regex.append(']');
            i = end;
          }
        }
        case '\\' -> {
          if (i + 1 < pattern.length()) {
            regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
          }
        }
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }
}
