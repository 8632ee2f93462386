package dev.ksim.netfilter.match;

import com.google.common.collect.ImmutableSet;
import dev.ksim.netfilter.conntrack.CtState;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code -m state [!] --state list}: the older form of {@code --ctstate}, without SNAT/DNAT. */
public record StateMatch(Set<CtState> states, boolean negated) implements Match {
  public StateMatch {
    states = ImmutableSet.copyOf(EnumSet.copyOf(states));
  }

  @Override
  public boolean matches(MatchContext context) {
    return states.contains(context.ctState()) != negated;
  }

  private String text() {
    return states.stream().sorted().map(CtState::name).collect(Collectors.joining(","));
  }

  @Override
  public String save() {
    return "-m state " + (negated ? "! " : "") + "--state " + text();
  }

  @Override
  public String list(boolean numeric) {
    return (negated ? "! " : "") + "state " + text();
  }
}
