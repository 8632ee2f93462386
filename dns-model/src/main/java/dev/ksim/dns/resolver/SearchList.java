package dev.ksim.dns.resolver;

import dev.ksim.dns.Rcode;
import java.util.ArrayList;
import java.util.List;

/**
 * The names glibc's {@code res_search} tries for a name, in order (glibc {@code
 * resolv/res_query.c}, {@code __res_context_search}): a name with a trailing dot as it is; a name
 * with at least ndots dots first as it is; then the name under each search domain; then, if not
 * tried yet, the name as it is.
 */
public final class SearchList {
  private SearchList() {}

  /** The absolute names (with trailing dots) to query for {@code name}, in order. */
  public static List<String> candidates(String name, ResolvConf conf) {
    List<String> out = new ArrayList<>();
    if (name.endsWith(".")) {
      out.add(name);
      return out;
    }
    long dots = name.chars().filter(c -> c == '.').count();
    boolean asIsFirst = dots >= conf.ndots();
    if (asIsFirst) {
      out.add(name + ".");
    }
    for (String domain : conf.searches()) {
      String suffix = domain.endsWith(".") ? domain : domain + ".";
      out.add(name + "." + suffix);
    }
    if (!asIsFirst) {
      out.add(name + ".");
    }
    return out;
  }

  /**
   * Whether glibc moves on to the next candidate after a reply with {@code rcode} and {@code
   * answers} records: on NXDOMAIN, on NODATA, and on SERVFAIL; not on an answer or another error.
   */
  public static boolean continuesAfter(Rcode rcode, int answers) {
    return rcode == Rcode.NXDOMAIN
        || rcode == Rcode.SERVFAIL
        || (rcode == Rcode.NOERROR && answers == 0);
  }
}
