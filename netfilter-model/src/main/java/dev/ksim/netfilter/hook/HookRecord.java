package dev.ksim.netfilter.hook;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import dev.ksim.net.IpPort;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link dev.ksim.netfilter.HookFunction} did to one packet, in its own words, for traces:
 * lines a reader understands, named facts for JSON, and the destination it chose among its
 * candidates.
 */
public interface HookRecord {
  /** What happened, one sentence per line, in the order it was decided. */
  List<String> lines();

  /** Named facts (insertion-ordered), e.g. {@code virtualService}, {@code scheduler}. */
  default Map<String, String> facts() {
    return ImmutableMap.of();
  }

  /** Where the function sent the packet (the chosen real server), or null. */
  default @Nullable IpPort endpoint() {
    return null;
  }

  /** Every destination the function could have chosen for this packet. */
  default Set<IpPort> candidates() {
    return ImmutableSet.of();
  }
}
