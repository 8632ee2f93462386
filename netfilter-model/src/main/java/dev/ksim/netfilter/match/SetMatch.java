package dev.ksim.netfilter.match;

import com.google.common.collect.ImmutableList;
import dev.ksim.netfilter.ipset.IpSet;
import java.util.List;
import java.util.Optional;

/**
 * {@code -m set [!] --match-set name dir[,dir...]}: looks the packet up in an ipset, each dimension
 * of the set's type taken from the packet's source or destination.
 *
 * @param name the set
 * @param directions {@code src} or {@code dst} per dimension
 * @param negated {@code ! --match-set}
 */
public record SetMatch(String name, List<String> directions, boolean negated) implements Match {
  public SetMatch {
    directions = ImmutableList.copyOf(directions);
  }

  @Override
  public boolean matches(MatchContext context) {
    context.cost().setLookup();
    Optional<IpSet> set = context.ipset(name);
    boolean hit = set.isPresent() && set.get().test(context.packet(), directions);
    return hit != negated;
  }

  @Override
  public String save() {
    return "-m set "
        + (negated ? "! " : "")
        + "--match-set "
        + name
        + " "
        + String.join(",", directions);
  }

  @Override
  public String list(boolean numeric) {
    return (negated ? "! " : "") + "match-set " + name + " " + String.join(",", directions);
  }
}
