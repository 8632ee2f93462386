package dev.ksim.netfilter.match;

/**
 * {@code -m mark [!] --mark value[/mask]}: {@code (skb mark & mask) == value}.
 *
 * @param value the value
 * @param mask the mask (0xffffffff when not given)
 * @param negated {@code ! --mark}
 */
public record MarkMatch(long value, long mask, boolean negated) implements Match {
  @Override
  public boolean matches(MatchContext context) {
    return ((context.packet().mark() & mask) == value) != negated;
  }

  @Override
  public String save() {
    return "-m mark " + (negated ? "! " : "") + "--mark " + text();
  }

  @Override
  public String list(boolean numeric) {
    return "mark match " + (negated ? "! " : "") + text();
  }

  private String text() {
    return mask == 0xffffffffL
        ? "0x" + Long.toHexString(value)
        : "0x" + Long.toHexString(value) + "/0x" + Long.toHexString(mask);
  }
}
