package dev.ksim.netfilter.nft.text;

import com.google.common.collect.ImmutableList;
import dev.ksim.netfilter.nft.NftType;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A set or map declaration as written, before its elements are parsed against its types.
 *
 * @param name the set's name
 * @param keyType the key's types
 * @param dataType a map's value type, null for a set
 * @param flags flags as written
 * @param timeoutMillis default timeout, 0 for none
 * @param size declared size, 0 when not declared
 * @param comment the comment
 * @param elements raw elements from {@code elements = { ... }}
 */
record SetSpec(
    String name,
    List<NftType> keyType,
    @Nullable NftType dataType,
    List<String> flags,
    long timeoutMillis,
    int size,
    @Nullable String comment,
    List<List<NftToken>> elements) {
  SetSpec {
    keyType = ImmutableList.copyOf(keyType);
    flags = ImmutableList.copyOf(flags);
    elements = ImmutableList.copyOf(elements);
  }
}
