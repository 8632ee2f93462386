package dev.ksim.trace;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * The steps a packet took in one network namespace.
 *
 * @param node the node (or host) name
 * @param netns which namespace on it: {@code host}, or {@code pod NS/NAME}
 * @param steps what happened, in order
 */
public record Hop(String node, String netns, List<Step> steps) {
  public Hop {
    steps = ImmutableList.copyOf(steps);
    checkArgument(!steps.isEmpty(), "hop on %s/%s has no steps", node, netns);
  }
}
