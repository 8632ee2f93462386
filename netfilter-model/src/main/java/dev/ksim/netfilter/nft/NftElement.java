package dev.ksim.netfilter.nft;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An element of a set or map: its key (one value per part of a concatenated type), and for a map
 * the verdict or value it maps to.
 *
 * @param key the key's parts
 * @param verdict what a verdict map's element says (null in sets and data maps)
 * @param data what a data map's element maps to (null in sets and verdict maps)
 * @param comment the element's comment
 * @param timeoutMillis the element's own timeout, 0 for the set's
 */
public record NftElement(
    List<NftValue> key,
    @Nullable NftVerdict verdict,
    @Nullable NftValue data,
    @Nullable String comment,
    long timeoutMillis) {
  public NftElement {
    key = ImmutableList.copyOf(key);
    checkArgument(!key.isEmpty(), "key is empty");
    checkArgument(verdict == null || data == null, "element maps to a verdict and a value");
  }

  /** The key as hashable data when every part is one exact datum, else null (ranges, prefixes). */
  public @Nullable List<Object> exactKey() {
    List<Object> parts = new ArrayList<>(key.size());
    for (NftValue part : key) {
      Object exact = part.exact();
      if (exact == null) {
        return null;
      }
      parts.add(exact);
    }
    return parts;
  }

  /** Whether the packet's data (one datum per key part) lies in this element. */
  public boolean contains(List<Object> data) {
    for (int i = 0; i < key.size(); i++) {
      if (!key.get(i).contains(data.get(i))) {
        return false;
      }
    }
    return true;
  }
}
