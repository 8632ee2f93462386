package dev.ksim.netfilter.nft;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A named set or map of a table: its key type (a concatenation of types), for a map the type it
 * maps to ({@link NftType#VERDICT} for a verdict map), flags, default timeout and elements. Exact
 * keys are found by hash as the kernel's hash sets do; prefixes and ranges by a scan.
 */
public final class NftSet {
  private final String name;
  private final ImmutableList<NftType> keyType;
  private final @Nullable NftType dataType;
  private final ImmutableList<String> flags;
  private final long timeoutMillis;
  private final int size;
  private final @Nullable String comment;
  private final ImmutableList<NftElement> elements;
  private final long handle;
  private final ImmutableMap<List<Object>, NftElement> exact;
  private final ImmutableList<NftElement> inexact;
  private final int jumpLevel;

  /**
   * @param name the set's name
   * @param keyType the key's types, one per concatenated part
   * @param dataType what a map maps to, null for a set
   * @param flags flags as written ({@code interval}, {@code timeout}, {@code dynamic}, ...)
   * @param timeoutMillis the default element timeout, 0 for none
   * @param size the declared maximum size, 0 when not declared
   * @param comment the comment
   * @param elements the elements, in the order they were added (duplicates already merged)
   * @param handle the kernel's handle
   */
  public NftSet(
      String name,
      List<NftType> keyType,
      @Nullable NftType dataType,
      List<String> flags,
      long timeoutMillis,
      int size,
      @Nullable String comment,
      List<NftElement> elements,
      long handle) {
    this.name = Objects.requireNonNull(name, "name");
    this.keyType = ImmutableList.copyOf(keyType);
    checkArgument(!this.keyType.isEmpty(), "set %s has no key type", name);
    this.dataType = dataType;
    this.flags = ImmutableList.copyOf(flags);
    this.timeoutMillis = timeoutMillis;
    this.size = size;
    this.comment = comment;
    this.elements = ImmutableList.copyOf(elements);
    this.handle = handle;
    Map<List<Object>, NftElement> byKey = new LinkedHashMap<>();
    ImmutableList.Builder<NftElement> scanned = ImmutableList.builder();
    for (NftElement element : this.elements) {
      List<Object> key = element.exactKey();
      if (key == null) {
        scanned.add(element);
      } else {
        byKey.put(key, element);
      }
    }
    this.exact = ImmutableMap.copyOf(byKey);
    this.inexact = scanned.build();
    this.jumpLevel = NftChain.UNKNOWN_LEVEL;
  }

  private NftSet(NftSet set, int jumpLevel) {
    this.name = set.name;
    this.keyType = set.keyType;
    this.dataType = set.dataType;
    this.flags = set.flags;
    this.timeoutMillis = set.timeoutMillis;
    this.size = set.size;
    this.comment = set.comment;
    this.elements = set.elements;
    this.handle = set.handle;
    this.exact = set.exact;
    this.inexact = set.inexact;
    this.jumpLevel = jumpLevel;
  }

  public String name() {
    return name;
  }

  public List<NftType> keyType() {
    return keyType;
  }

  public @Nullable NftType dataType() {
    return dataType;
  }

  public boolean isMap() {
    return dataType != null;
  }

  public boolean isVerdictMap() {
    return dataType == NftType.VERDICT;
  }

  public List<String> flags() {
    return flags;
  }

  public boolean hasFlag(String flag) {
    return flags.contains(flag);
  }

  public long timeoutMillis() {
    return timeoutMillis;
  }

  public int size() {
    return size;
  }

  public @Nullable String comment() {
    return comment;
  }

  public List<NftElement> elements() {
    return elements;
  }

  public long handle() {
    return handle;
  }

  /** The element holding the packet's data (one datum per key part), if any. */
  public Optional<NftElement> lookup(List<Object> data) {
    NftElement hit = exact.get(data);
    if (hit != null) {
      return Optional.of(hit);
    }
    for (NftElement element : inexact) {
      if (element.contains(data)) {
        return Optional.of(element);
      }
    }
    return Optional.empty();
  }

  /** The {@code type} line's text: {@code ipv4_addr . inet_proto . inet_service : verdict}. */
  public String typeText() {
    String key = keyType.stream().map(NftType::token).collect(Collectors.joining(" . "));
    return dataType == null ? key : key + " : " + dataType.token();
  }

  /**
   * For a verdict map, a bound kept by {@code nft -f} for its jump check: at least one more than
   * the {@link NftChain#jumpLevel} of every chain its elements name, so that a chain looking the
   * map up needs at least this level; {@link NftChain#UNKNOWN_LEVEL} when no bound is known.
   */
  public int jumpLevel() {
    return jumpLevel;
  }

  /** The same set with another {@link #jumpLevel}. */
  public NftSet withJumpLevel(int level) {
    return level == jumpLevel ? this : new NftSet(this, level);
  }

  /** The same set with other elements (and no known {@link #jumpLevel}). */
  public NftSet withElements(List<NftElement> newElements) {
    return new NftSet(
        name, keyType, dataType, flags, timeoutMillis, size, comment, newElements, handle);
  }
}
