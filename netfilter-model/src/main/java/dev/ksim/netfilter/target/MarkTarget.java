package dev.ksim.netfilter.target;

/**
 * {@code -j MARK}: {@code mark = (mark & ~mask) ^ value}, the form iptables-save prints as {@code
 * --set-xmark value/mask}; {@code --set-mark}, {@code --or-mark}, {@code --and-mark} and {@code
 * --xor-mark} are written in it.
 */
public record MarkTarget(long value, long mask) implements Target {
  @Override
  public String name() {
    return "MARK";
  }

  @Override
  public String save() {
    return "-j MARK --set-xmark 0x" + Long.toHexString(value) + "/0x" + Long.toHexString(mask);
  }

  /** libxt_MARK's print: or, and, xor and set where one of them says it. */
  @Override
  public String list(boolean numeric) {
    if (mask == value && value != 0) {
      return "MARK or 0x" + Long.toHexString(value);
    }
    if (value == 0) {
      return "MARK and 0x" + Long.toHexString(~mask & 0xffffffffL);
    }
    if (mask == 0) {
      return "MARK xor 0x" + Long.toHexString(value);
    }
    if (mask == 0xffffffffL) {
      return "MARK set 0x" + Long.toHexString(value);
    }
    return "MARK xset 0x" + Long.toHexString(value) + "/0x" + Long.toHexString(mask);
  }

  @Override
  public TargetOutcome outcome() {
    return TargetOutcome.mark(value, mask);
  }
}
