package dev.ksim.manifest;

import com.google.common.collect.ImmutableMap;
import java.util.AbstractMap;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The line of each field path of a document, as the YAML reader met them, kept as the reader's
 * steps (each path as its parent and its key or index, each line as a write to the map) and spelled
 * out into a map only when read: almost every document is read for its tree alone, and 10,000
 * Services' documents held 780,000 path strings (about 90 MB) through the whole settle. The map is
 * the one the steps describe, written in the same order.
 */
final class FieldLines extends AbstractMap<String, Integer> {
  private final int[] parents;
  private final @Nullable String[] keys;
  private final int[] indexes;
  private final int[] writes;
  private final int[] writeLines;
  private @Nullable ImmutableMap<String, Integer> map;

  private FieldLines(Builder builder) {
    this.parents = Arrays.copyOf(builder.parents, builder.paths);
    this.keys = Arrays.copyOf(builder.keys, builder.paths);
    this.indexes = Arrays.copyOf(builder.indexes, builder.paths);
    this.writes = Arrays.copyOf(builder.writes, builder.writeCount);
    this.writeLines = Arrays.copyOf(builder.writeLines, builder.writeCount);
  }

  @Override
  public Set<Entry<String, Integer>> entrySet() {
    return map().entrySet();
  }

  @Override
  public @Nullable Integer get(@Nullable Object key) {
    return map().get(key);
  }

  @Override
  public boolean containsKey(@Nullable Object key) {
    return map().containsKey(key);
  }

  @Override
  public int size() {
    return map().size();
  }

  private ImmutableMap<String, Integer> map() {
    ImmutableMap<String, Integer> spelled = map;
    if (spelled == null) {
      spelled = spell();
      map = spelled;
    }
    return spelled;
  }

  /** The map the steps describe: each path spelled out, the writes done in order. */
  private ImmutableMap<String, Integer> spell() {
    String[] texts = new String[parents.length];
    for (int id = 0; id < texts.length; id++) {
      texts[id] = id == 0 ? "" : text(texts[parents[id]], keys[id], indexes[id]);
    }
    Map<String, Integer> lines = new HashMap<>();
    for (int i = 0; i < writes.length; i++) {
      String path = texts[writes[i] >>> 1];
      if ((writes[i] & 1) == 0) {
        lines.put(path, writeLines[i]);
      } else {
        lines.putIfAbsent(path, writeLines[i]);
      }
    }
    return ImmutableMap.copyOf(lines);
  }

  /** A child's path: {@code parent.key}, or {@code parent[index]} when it has no key. */
  private static String text(String parent, @Nullable String key, int index) {
    if (key == null) {
      return parent + "[" + index + "]";
    }
    return parent.isEmpty() ? key : parent + "." + key;
  }

  /** The reader's steps for one document; path 0 is the document itself. */
  static final class Builder {
    private int[] parents = new int[16];
    private @Nullable String[] keys = new String[16];
    private int[] indexes = new int[16];
    private int paths = 1;
    private int[] writes = new int[32];
    private int[] writeLines = new int[32];
    private int writeCount;

    /** The path of {@code parent}'s field {@code key}. */
    int field(int parent, String key) {
      return add(parent, key, -1);
    }

    /** The path of {@code parent}'s item {@code index}. */
    int item(int parent, int index) {
      return add(parent, null, index);
    }

    /** Sets {@code path}'s line. */
    void put(int path, int line) {
      write(path << 1, line);
    }

    /** Sets {@code path}'s line unless it has one. */
    void putIfAbsent(int path, int line) {
      write(path << 1 | 1, line);
    }

    /** {@code path} spelled out, for an error message. */
    String text(int path) {
      return path == 0 ? "" : FieldLines.text(text(parents[path]), keys[path], indexes[path]);
    }

    FieldLines build() {
      return new FieldLines(this);
    }

    /** Forgets the steps, for the next document: the arrays, grown to the largest, stay. */
    void clear() {
      paths = 1;
      writeCount = 0;
    }

    private int add(int parent, @Nullable String key, int index) {
      if (paths == parents.length) {
        parents = Arrays.copyOf(parents, paths * 2);
        keys = Arrays.copyOf(keys, paths * 2);
        indexes = Arrays.copyOf(indexes, paths * 2);
      }
      parents[paths] = parent;
      keys[paths] = key;
      indexes[paths] = index;
      return paths++;
    }

    private void write(int step, int line) {
      if (writeCount == writes.length) {
        writes = Arrays.copyOf(writes, writeCount * 2);
        writeLines = Arrays.copyOf(writeLines, writeCount * 2);
      }
      writes[writeCount] = step;
      writeLines[writeCount++] = line;
    }
  }
}
