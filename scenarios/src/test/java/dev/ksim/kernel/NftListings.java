package dev.ksim.kernel;

import java.util.Arrays;

/** Compares {@code nft list} output from the kernel with ksim's. */
public final class NftListings {
  private NftListings() {}

  /**
   * The listing with each {@code elements = { ... }} joined onto one line and sorted: the kernel
   * walks a hashed set's table (seeded at random when the set is created) where ksim sorts, so only
   * the order of elements may differ.
   */
  public static String elementsInOrder(String listing) {
    StringBuilder out = new StringBuilder();
    StringBuilder elements = null;
    for (String line : listing.split("\n", -1)) {
      if (elements == null && line.strip().startsWith("elements = { ")) {
        elements = new StringBuilder(line.strip().substring("elements = { ".length()));
      } else if (elements != null) {
        elements.append(' ').append(line.strip());
      } else {
        out.append(line).append('\n');
        continue;
      }
      if (elements.toString().endsWith(" }")) {
        String items = elements.substring(0, elements.length() - 2);
        out.append("elements ")
            .append(Arrays.stream(items.split(", ")).sorted().toList())
            .append('\n');
        elements = null;
      }
    }
    return out.toString();
  }
}
