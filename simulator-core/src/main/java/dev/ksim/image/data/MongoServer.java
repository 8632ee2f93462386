package dev.ksim.image.data;

import com.google.common.collect.ImmutableMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One MongoDB server's databases, their collections and documents, and the operations mongosh's
 * methods send: insert (a document gets an {@code _id} ObjectId unless it has one), find and count
 * by equality on top-level fields, drop, and the list of databases. A document is an ordered map of
 * field names to values: String, Double, Boolean, {@link BsonNull}, a nested document, or an {@link
 * ObjectId}.
 *
 * @see <a href="https://www.mongodb.com/docs/manual/reference/command/">Database commands</a>
 */
public final class MongoServer {
  /** The databases every server has (listDatabases shows admin, config and local). */
  private static final List<String> SYSTEM_DATABASES = List.of("admin", "config", "local");

  private final Map<String, Map<String, List<Map<String, Object>>>> databases = new TreeMap<>();
  private final String machine;
  private int counter;

  MongoServer(String location) {
    this.machine = Integer.toHexString(location.hashCode() | 0x80000000).substring(0, 8) + "00";
  }

  /** BSON's null as a document value (documents hold no Java null). */
  public enum BsonNull {
    INSTANCE
  }

  /** An ObjectId's hexadecimal text (24 digits). */
  public record ObjectId(String hex) {
    @Override
    public String toString() {
      return "ObjectId('" + hex + "')";
    }
  }

  /**
   * Inserts {@code documents} into {@code database}.{@code collection} (both created on first use),
   * giving each without {@code _id} a new ObjectId made at {@code epochSeconds}; returns the ids in
   * order.
   */
  public List<Object> insert(
      String database, String collection, List<Map<String, Object>> documents, long epochSeconds) {
    List<Map<String, Object>> stored =
        databases
            .computeIfAbsent(database, d -> new TreeMap<>())
            .computeIfAbsent(collection, c -> new ArrayList<>());
    List<Object> ids = new ArrayList<>();
    for (Map<String, Object> document : documents) {
      Map<String, Object> copy = new LinkedHashMap<>();
      Object id = document.get("_id");
      if (id == null) {
        id =
            new ObjectId(
                String.format("%08x%s%06x", epochSeconds & 0xffffffffL, machine, ++counter));
      }
      copy.put("_id", id);
      document.forEach((k, v) -> copy.putIfAbsent(k, v));
      stored.add(copy);
      ids.add(id);
    }
    return ids;
  }

  /** The documents of {@code database}.{@code collection} whose fields equal {@code filter}'s. */
  public List<Map<String, Object>> find(
      String database, String collection, Map<String, Object> filter) {
    List<Map<String, Object>> found = new ArrayList<>();
    for (Map<String, Object> document : collection(database, collection)) {
      boolean matches =
          filter.entrySet().stream()
              .allMatch(
                  e ->
                      document.containsKey(e.getKey())
                          && Objects.equals(document.get(e.getKey()), e.getValue()));
      if (matches) {
        found.add(ImmutableMap.copyOf(document));
      }
    }
    return found;
  }

  /** Drops a collection; whether it existed. */
  public boolean drop(String database, String collection) {
    Map<String, List<Map<String, Object>>> collections = databases.get(database);
    boolean dropped = collections != null && collections.remove(collection) != null;
    if (collections != null && collections.isEmpty()) {
      databases.remove(database);
    }
    return dropped;
  }

  /** The collections of {@code database}, by name. */
  public List<String> collections(String database) {
    return new ArrayList<>(databases.getOrDefault(database, Map.of()).keySet());
  }

  /** The databases that hold data, with the system ones, by name. */
  public List<String> databaseNames() {
    TreeMap<String, Boolean> names = new TreeMap<>();
    SYSTEM_DATABASES.forEach(n -> names.put(n, true));
    databases.keySet().forEach(n -> names.put(n, true));
    return new ArrayList<>(names.keySet());
  }

  private List<Map<String, Object>> collection(String database, String collection) {
    return databases.getOrDefault(database, Map.of()).getOrDefault(collection, List.of());
  }
}
