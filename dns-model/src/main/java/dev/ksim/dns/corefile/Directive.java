package dev.ksim.dns.corefile;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * One line of a Corefile block: a plugin name or a plugin option with its arguments, and the nested
 * block that follows it, if any ({@code kubernetes cluster.local { pods insecure }}).
 */
public record Directive(String name, List<String> args, List<Directive> block, int line) {
  public Directive {
    args = ImmutableList.copyOf(args);
    block = ImmutableList.copyOf(block);
  }

  /** The single argument of an option that takes exactly one. */
  public String onlyArg() {
    if (args.size() != 1) {
      throw new CorefileException(line, name + " takes exactly one argument");
    }
    return args.get(0);
  }
}
