package dev.ksim.netfilter.nft;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Time values as nft writes them: {@code 3h}, {@code 1m30s}, {@code 59s728ms}; a bare number is
 * seconds.
 *
 * @see <a href="https://git.netfilter.org/nftables/tree/src/datatype.c">time_print, time_parse</a>
 */
public final class NftDuration {
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|d|h|m|s)");
  private static final long[] UNITS = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
  private static final String[] NAMES = {"d", "h", "m", "s", "ms"};

  private NftDuration() {}

  /** Milliseconds as nft prints them ({@code 10800000} is {@code 3h}). */
  public static String format(long millis) {
    return format(millis, NftOutput.SYMBOLIC);
  }

  /**
   * Milliseconds as nft prints them; {@code nft -n} prints whole seconds ({@code 10800s}).
   *
   * @see <a href="https://git.netfilter.org/nftables/tree/src/datatype.c">time_print</a>
   */
  public static String format(long millis, NftOutput output) {
    if (output == NftOutput.NUMERIC) {
      return millis / 1000 + "s";
    }
    StringBuilder text = new StringBuilder();
    long rest = millis;
    for (int i = 0; i < UNITS.length; i++) {
      long amount = rest / UNITS[i];
      if (amount > 0) {
        text.append(amount).append(NAMES[i]);
        rest -= amount * UNITS[i];
      }
    }
    return text.length() == 0 ? "0s" : text.toString();
  }

  /** Parses {@code 10800s}, {@code 3h}, {@code 1m30s} or a number of seconds. */
  public static OptionalLong parse(String text) {
    if (text.matches("\\d{1,12}")) {
      return OptionalLong.of(Long.parseLong(text) * 1000);
    }
    Matcher parts = PART.matcher(text);
    long total = 0;
    int end = 0;
    while (parts.find() && parts.start() == end) {
      String digits = parts.group(1);
      if (digits.length() > 12) {
        return OptionalLong.empty();
      }
      int unit = indexOf(parts.group(2));
      total += Long.parseLong(digits) * UNITS[unit];
      end = parts.end();
    }
    return end == text.length() && end > 0 ? OptionalLong.of(total) : OptionalLong.empty();
  }

  private static int indexOf(String name) {
    for (int i = 0; i < NAMES.length; i++) {
      if (NAMES[i].equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("time unit: " + name);
  }
}
