package dev.ksim.dns.corefile;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * A server block: the keys before the brace ({@code .:53}, {@code cluster.local:53}) and the plugin
 * directives inside it.
 */
public record ServerBlock(List<String> keys, List<Directive> directives, int line) {
  public ServerBlock {
    keys = ImmutableList.copyOf(keys);
    directives = ImmutableList.copyOf(directives);
  }
}
