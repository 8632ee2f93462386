package dev.ksim.netfilter.match;

import org.jspecify.annotations.Nullable;

/**
 * {@code -m addrtype --src-type T --dst-type T [--limit-iface-in|--limit-iface-out]}: the type of
 * route the kernel has for the address (LOCAL for the host's own addresses).
 *
 * @param sourceType {@code --src-type}, or null
 * @param sourceNegated {@code ! --src-type}
 * @param destinationType {@code --dst-type}, or null
 * @param destinationNegated {@code ! --dst-type}
 * @param limitIn {@code --limit-iface-in}
 * @param limitOut {@code --limit-iface-out}
 */
public record AddrTypeMatch(
    @Nullable AddrType sourceType,
    boolean sourceNegated,
    @Nullable AddrType destinationType,
    boolean destinationNegated,
    boolean limitIn,
    boolean limitOut)
    implements Match {

  @Override
  public boolean matches(MatchContext context) {
    var packet = context.packet();
    String iface = limitIn ? packet.inInterface() : limitOut ? packet.outInterface() : null;
    if (sourceType != null
        && (context.addressType(packet.source(), iface) == sourceType) == sourceNegated) {
      return false;
    }
    return destinationType == null
        || (context.addressType(packet.destination(), iface) == destinationType)
            != destinationNegated;
  }

  @Override
  public String save() {
    StringBuilder sb = new StringBuilder("-m addrtype");
    if (sourceType != null) {
      sb.append(sourceNegated ? " ! --src-type " : " --src-type ").append(sourceType);
    }
    if (destinationType != null) {
      sb.append(destinationNegated ? " ! --dst-type " : " --dst-type ").append(destinationType);
    }
    if (limitIn) {
      sb.append(" --limit-iface-in");
    }
    if (limitOut) {
      sb.append(" --limit-iface-out");
    }
    return sb.toString();
  }

  @Override
  public String list(boolean numeric) {
    StringBuilder sb = new StringBuilder("ADDRTYPE match");
    if (sourceType != null) {
      sb.append(" src-type ").append(sourceNegated ? "!" : "").append(sourceType);
    }
    if (destinationType != null) {
      sb.append(" dst-type ").append(destinationNegated ? "!" : "").append(destinationType);
    }
    if (limitIn) {
      sb.append(" limit-in");
    }
    if (limitOut) {
      sb.append(" limit-out");
    }
    return sb.toString();
  }
}
