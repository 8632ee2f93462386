package dev.ksim.trace;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import dev.ksim.node.NetnsName;
import java.util.List;

/**
 * The steps a packet took in one network namespace.
 *
 * @param node the node (or host) name
 * @param netns which namespace on it
 * @param steps what happened, in order
 */
public record Hop(String node, NetnsName netns, List<Step> steps) {
  public Hop {
    steps = ImmutableList.copyOf(steps);
    checkArgument(!steps.isEmpty(), "hop on %s/%s has no steps", node, netns);
  }
}
