package dev.ksim.netfilter.match;

import com.google.common.collect.ImmutableSet;
import dev.ksim.net.Cidr;
import dev.ksim.netfilter.conntrack.ConntrackEntry;
import dev.ksim.netfilter.conntrack.CtState;
import dev.ksim.netfilter.conntrack.CtStatus;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * {@code -m conntrack}: {@code --ctstate} (with the virtual SNAT and DNAT states), {@code
 * --ctorigdst} and {@code --ctorigdstport}, each maybe negated.
 *
 * @param states {@code --ctstate}, empty when absent
 * @param statesNegated {@code ! --ctstate}
 * @param originalDestination {@code --ctorigdst}, or null
 * @param originalDestinationNegated {@code ! --ctorigdst}
 * @param originalDestinationPort {@code --ctorigdstport}, or null
 * @param originalDestinationPortNegated {@code ! --ctorigdstport}
 * @see <a
 *     href="https://github.com/torvalds/linux/blob/master/net/netfilter/xt_conntrack.c">xt_conntrack.c</a>
 */
public record ConntrackMatch(
    Set<CtState> states,
    boolean statesNegated,
    @Nullable Cidr originalDestination,
    boolean originalDestinationNegated,
    @Nullable Integer originalDestinationPort,
    boolean originalDestinationPortNegated)
    implements Match {

  public ConntrackMatch {
    states = ImmutableSet.copyOf(states.isEmpty() ? Set.of() : EnumSet.copyOf(states));
  }

  @Override
  public boolean matches(MatchContext context) {
    Optional<ConntrackEntry> entry = context.conntrack();
    if (!states.isEmpty()) {
      boolean hit =
          states.contains(context.ctState())
              || (entry.isPresent()
                  && ((states.contains(CtState.SNAT)
                          && entry.get().status().contains(CtStatus.SRC_NAT))
                      || (states.contains(CtState.DNAT)
                          && entry.get().status().contains(CtStatus.DST_NAT))));
      if (hit == statesNegated) {
        return false;
      }
    }
    if (originalDestination != null) {
      boolean hit =
          entry.isPresent() && originalDestination.contains(entry.get().original().destination());
      if (hit == originalDestinationNegated) {
        return false;
      }
    }
    if (originalDestinationPort != null) {
      boolean hit =
          entry.isPresent() && entry.get().original().destinationPort() == originalDestinationPort;
      return hit != originalDestinationPortNegated;
    }
    return true;
  }

  private String stateText() {
    return states.stream().sorted().map(CtState::name).collect(Collectors.joining(","));
  }

  private String cidrText() {
    Cidr cidr = Objects.requireNonNull(originalDestination);
    return cidr.prefixLength() == cidr.family().bits()
        ? cidr.network().toString()
        : cidr.toString();
  }

  @Override
  public String save() {
    StringBuilder sb = new StringBuilder("-m conntrack");
    if (!states.isEmpty()) {
      sb.append(statesNegated ? " ! --ctstate " : " --ctstate ").append(stateText());
    }
    if (originalDestination != null) {
      sb.append(originalDestinationNegated ? " ! --ctorigdst " : " --ctorigdst ")
          .append(cidrText());
    }
    if (originalDestinationPort != null) {
      sb.append(originalDestinationPortNegated ? " ! --ctorigdstport " : " --ctorigdstport ")
          .append(originalDestinationPort);
    }
    return sb.toString();
  }

  @Override
  public String list(boolean numeric) {
    StringBuilder sb = new StringBuilder();
    if (!states.isEmpty()) {
      sb.append(statesNegated ? "! ctstate " : "ctstate ").append(stateText());
    }
    if (originalDestination != null) {
      sb.append(sb.length() > 0 ? " " : "")
          .append(originalDestinationNegated ? "! ctorigdst " : "ctorigdst ")
          .append(cidrText());
    }
    if (originalDestinationPort != null) {
      sb.append(sb.length() > 0 ? " " : "")
          .append(originalDestinationPortNegated ? "! ctorigdstport " : "ctorigdstport ")
          .append(originalDestinationPort);
    }
    return sb.toString();
  }
}
