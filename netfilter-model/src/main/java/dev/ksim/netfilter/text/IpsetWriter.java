package dev.ksim.netfilter.text;

import dev.ksim.net.IpFamily;
import dev.ksim.netfilter.ipset.IpSet;
import dev.ksim.netfilter.ipset.IpSetType;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;

/**
 * {@code ipset list} and {@code ipset save} text as ipset 7.17 prints it. What the kernel does not
 * let ksim know is derived, not invented at random: {@code initval} is a hash of the set's name,
 * and {@code Size in memory} follows the real tool's figures for small sets.
 */
public final class IpsetWriter {
  private static final Map<IpSetType, Integer> REVISIONS =
      Map.of(
          IpSetType.HASH_IP, 6,
          IpSetType.HASH_IP_PORT, 7,
          IpSetType.HASH_IP_PORT_IP, 6,
          IpSetType.HASH_IP_PORT_NET, 8,
          IpSetType.HASH_NET, 7,
          IpSetType.BITMAP_PORT, 3);

  private static final Map<IpSetType, Integer> BASE_SIZE =
      Map.of(
          IpSetType.HASH_IP, 216,
          IpSetType.HASH_IP_PORT, 216,
          IpSetType.HASH_IP_PORT_IP, 216,
          IpSetType.HASH_IP_PORT_NET, 472,
          IpSetType.HASH_NET, 456,
          IpSetType.BITMAP_PORT, 8264);

  private IpsetWriter() {}

  private static String header(IpSet set) {
    if (set.type() == IpSetType.BITMAP_PORT) {
      return "range " + set.range();
    }
    int hash = 0x811c9dc5;
    for (byte b : set.name().getBytes(StandardCharsets.UTF_8)) {
      hash = (hash ^ (b & 0xff)) * 0x01000193;
    }
    return "family "
        + (set.family() == IpFamily.IPV4 ? "inet" : "inet6")
        + " hashsize 1024 maxelem 65536"
        + (set.comment().isEmpty() ? "" : " comment")
        + " bucketsize 12 initval "
        + String.format("0x%08x", hash);
  }

  /** {@code ipset list}: one block per set; {@code references} counts the rules using it. */
  public static String list(Collection<IpSet> sets, Map<String, Integer> references) {
    StringBuilder sb = new StringBuilder();
    boolean first = true;
    for (IpSet set : sets) {
      if (!first) {
        sb.append('\n');
      }
      first = false;
      int size =
          BASE_SIZE.getOrDefault(set.type(), 216)
              + (set.type() == IpSetType.BITMAP_PORT ? 0 : 48 * set.members().size());
      sb.append("Name: ").append(set.name()).append('\n');
      sb.append("Type: ").append(set.type().token()).append('\n');
      sb.append("Revision: ").append(REVISIONS.getOrDefault(set.type(), 1)).append('\n');
      sb.append("Header: ").append(header(set)).append('\n');
      sb.append("Size in memory: ").append(size).append('\n');
      sb.append("References: ").append(references.getOrDefault(set.name(), 0)).append('\n');
      sb.append("Number of entries: ").append(set.members().size()).append('\n');
      sb.append("Members:\n");
      set.members().forEach(m -> sb.append(m).append('\n'));
    }
    return sb.toString();
  }

  /** {@code ipset save}: create and add lines. */
  public static String save(Collection<IpSet> sets) {
    StringBuilder sb = new StringBuilder();
    for (IpSet set : sets) {
      sb.append("create ")
          .append(set.name())
          .append(' ')
          .append(set.type().token())
          .append(' ')
          .append(header(set))
          .append('\n');
      set.members()
          .forEach(m -> sb.append("add ").append(set.name()).append(' ').append(m).append('\n'));
    }
    return sb.toString();
  }
}
