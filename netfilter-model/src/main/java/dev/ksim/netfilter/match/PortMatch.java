package dev.ksim.netfilter.match;

import dev.ksim.net.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The {@code tcp}, {@code udp} and {@code sctp} matches: {@code --sport}, {@code --dport} (each
 * maybe negated) and, for tcp, {@code --tcp-flags mask comp}. It matches only packets of its
 * protocol.
 *
 * @param protocol the module (tcp, udp or sctp)
 * @param sourcePorts {@code --sport}, or null
 * @param sourceNegated {@code ! --sport}
 * @param destinationPorts {@code --dport}, or null
 * @param destinationNegated {@code ! --dport}
 * @param flagMask {@code --tcp-flags} mask (0 when absent)
 * @param flagCompare {@code --tcp-flags} flags that must be set among the mask
 * @param flagsNegated {@code ! --tcp-flags}
 */
public record PortMatch(
    Protocol protocol,
    @Nullable PortRange sourcePorts,
    boolean sourceNegated,
    @Nullable PortRange destinationPorts,
    boolean destinationNegated,
    int flagMask,
    int flagCompare,
    boolean flagsNegated)
    implements Match {

  private static final String[] FLAG_NAMES = {"FIN", "SYN", "RST", "PSH", "ACK", "URG"};

  @Override
  public boolean matches(MatchContext context) {
    var packet = context.packet();
    if (packet.protocol() != protocol) {
      return false;
    }
    if (sourcePorts != null && sourcePorts.contains(packet.sourcePort()) == sourceNegated) {
      return false;
    }
    if (destinationPorts != null
        && destinationPorts.contains(packet.destinationPort()) == destinationNegated) {
      return false;
    }
    if (flagMask != 0 || flagsNegated) {
      boolean hit = (packet.tcpFlags() & flagMask) == flagCompare;
      return hit != flagsNegated;
    }
    return true;
  }

  @Override
  public String save() {
    StringBuilder sb = new StringBuilder("-m ").append(protocol.token());
    if (sourcePorts != null) {
      sb.append(sourceNegated ? " ! --sport " : " --sport ").append(sourcePorts.save());
    }
    if (destinationPorts != null) {
      sb.append(destinationNegated ? " ! --dport " : " --dport ").append(destinationPorts.save());
    }
    if (flagMask != 0 || flagsNegated) {
      sb.append(flagsNegated ? " ! --tcp-flags " : " --tcp-flags ")
          .append(flagNames(flagMask))
          .append(' ')
          .append(flagNames(flagCompare));
    }
    return sb.toString();
  }

  @Override
  public String list(boolean numeric) {
    StringBuilder sb = new StringBuilder(protocol.token());
    appendPorts(sb, "spt", sourcePorts, sourceNegated, numeric);
    appendPorts(sb, "dpt", destinationPorts, destinationNegated, numeric);
    if (flagMask != 0 || flagsNegated) {
      sb.append(" flags:").append(flagsNegated ? "!" : "");
      if (numeric) {
        sb.append(String.format("0x%02X/0x%02X", flagMask, flagCompare));
      } else {
        sb.append(flagNames(flagMask)).append('/').append(flagNames(flagCompare));
      }
    }
    return sb.toString();
  }

  /** libxt_tcp's print_ports: {@code dpt:80}, {@code dpts:80:90}, {@code dpt:!80}. */
  static void appendPorts(
      StringBuilder sb, String name, @Nullable PortRange ports, boolean negated, boolean numeric) {
    if (ports == null || (ports.first() == 0 && ports.last() == 65535 && !negated)) {
      return;
    }
    String inv = negated ? "!" : "";
    if (ports.first() == ports.last()) {
      sb.append(' ')
          .append(name)
          .append(':')
          .append(inv)
          .append(PortNames.name(ports.first(), numeric));
    } else {
      sb.append(' ')
          .append(name)
          .append("s:")
          .append(inv)
          .append(PortNames.name(ports.first(), numeric))
          .append(':')
          .append(PortNames.name(ports.last(), numeric));
    }
  }

  /** Flag names as libxt_tcp prints them, {@code SYN,ACK}; {@code NONE} for none. */
  static String flagNames(int flags) {
    if ((flags & 0x3f) == 0x3f) {
      return "ALL";
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < FLAG_NAMES.length; i++) {
      if ((flags & (1 << i)) != 0) {
        names.add(FLAG_NAMES[i]);
      }
    }
    return names.isEmpty() ? "NONE" : String.join(",", names);
  }

  /** Parses a flag list ({@code SYN,ACK}, {@code ALL}, {@code NONE}); -1 when invalid. */
  public static int parseFlags(String text) {
    int flags = 0;
    for (String name : text.split(",", -1)) {
      switch (name.toUpperCase(Locale.ROOT)) {
        case "FIN" -> flags |= 0x01;
        case "SYN" -> flags |= 0x02;
        case "RST" -> flags |= 0x04;
        case "PSH" -> flags |= 0x08;
        case "ACK" -> flags |= 0x10;
        case "URG" -> flags |= 0x20;
        case "ALL" -> flags |= 0x3f;
        case "NONE" -> flags |= 0;
        default -> {
          return -1;
        }
      }
    }
    return flags;
  }
}
