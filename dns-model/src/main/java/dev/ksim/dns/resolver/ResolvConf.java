package dev.ksim.dns.resolver;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * A resolv.conf: nameservers, search domains and options, written in the order containerd writes
 * the file (search, nameserver lines, options).
 */
public record ResolvConf(List<String> nameservers, List<String> searches, List<String> options) {
  /** glibc's default ndots, and its cap (resolv/res_init.c). */
  public static final int DEFAULT_NDOTS = 1;

  private static final int MAX_NDOTS = 15;

  public ResolvConf {
    nameservers = ImmutableList.copyOf(nameservers);
    searches = ImmutableList.copyOf(searches);
    options = ImmutableList.copyOf(options);
  }

  /** The {@code ndots:N} option, capped at 15, 1 when absent. */
  public int ndots() {
    int ndots = DEFAULT_NDOTS;
    for (String option : options) {
      if (option.startsWith("ndots:")) {
        try {
          ndots = Math.min(MAX_NDOTS, Math.max(0, Integer.parseInt(option.substring(6))));
        } catch (NumberFormatException e) {
          // glibc ignores a malformed option
        }
      }
    }
    return ndots;
  }

  /** The file's text. */
  public String render() {
    StringBuilder out = new StringBuilder();
    if (!searches.isEmpty()) {
      out.append("search ").append(String.join(" ", searches)).append('\n');
    }
    nameservers.forEach(ns -> out.append("nameserver ").append(ns).append('\n'));
    if (!options.isEmpty()) {
      out.append("options ").append(String.join(" ", options)).append('\n');
    }
    return out.toString();
  }
}
