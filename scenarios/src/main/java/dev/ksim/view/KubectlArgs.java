package dev.ksim.view;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The kubectl command line ksim understands: a verb, positional arguments and the common flags
 * ({@code -n}, {@code -A}, {@code -o}, {@code -l}, {@code --show-labels}, {@code --no-headers}).
 *
 * @param verb get, describe, ...
 * @param positionals resource and name arguments, in order
 * @param namespace {@code -n} (null when not given)
 * @param allNamespaces {@code -A}
 * @param output {@code -o} ("" for the default table)
 * @param selector {@code -l} (null when not given)
 * @param showLabels {@code --show-labels}
 * @param noHeaders {@code --no-headers}
 * @param afterDash what follows a {@code --} (an exec command)
 */
public record KubectlArgs(
    String verb,
    List<String> positionals,
    @Nullable String namespace,
    boolean allNamespaces,
    String output,
    @Nullable String selector,
    boolean showLabels,
    boolean noHeaders,
    List<String> afterDash) {

  public KubectlArgs {
    positionals = ImmutableList.copyOf(positionals);
    afterDash = ImmutableList.copyOf(afterDash);
  }

  /** Parses kubectl's arguments; throws IllegalArgumentException with kubectl's wording. */
  public static KubectlArgs parse(List<String> args) {
    String verb = null;
    List<String> positionals = new ArrayList<>();
    String namespace = null;
    boolean all = false;
    String output = "";
    String selector = null;
    boolean showLabels = false;
    boolean noHeaders = false;
    List<String> afterDash = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--")) {
        afterDash.addAll(args.subList(i + 1, args.size()));
        break;
      }
      String value;
      if ((value = option(args, i, "-n", "--namespace")) != null) {
        namespace = value;
        i += consumed(arg);
      } else if ((value = option(args, i, "-o", "--output")) != null) {
        output = value;
        i += consumed(arg);
      } else if ((value = option(args, i, "-l", "--selector")) != null) {
        selector = value;
        i += consumed(arg);
      } else if (arg.equals("-A") || arg.equals("--all-namespaces")) {
        all = true;
      } else if (arg.equals("--show-labels")) {
        showLabels = true;
      } else if (arg.equals("--no-headers")) {
        noHeaders = true;
      } else if (arg.startsWith("-") && !List.of("-it", "-i", "-t", "-ti").contains(arg)) {
        throw new IllegalArgumentException("unknown flag: " + arg);
      } else if (arg.startsWith("-")) {
        // -i and -t (exec's terminal flags) change nothing in a simulation
      } else if (verb == null) {
        verb = arg;
      } else {
        positionals.add(arg);
      }
    }
    if (verb == null) {
      throw new IllegalArgumentException("no command given: try 'get' or 'describe'");
    }
    return new KubectlArgs(
        verb, positionals, namespace, all, output, selector, showLabels, noHeaders, afterDash);
  }

  /**
   * The value of {@code -x VALUE}, {@code -xVALUE}, {@code --long=VALUE} or {@code --long VALUE}.
   */
  private static @Nullable String option(
      List<String> args, int i, String shortName, String longName) {
    String arg = args.get(i);
    if (arg.equals(shortName) || arg.equals(longName)) {
      if (i + 1 >= args.size()) {
        throw new IllegalArgumentException("flag needs an argument: " + arg);
      }
      return args.get(i + 1);
    }
    if (arg.startsWith(longName + "=")) {
      return arg.substring(longName.length() + 1);
    }
    if (arg.startsWith(shortName) && !arg.startsWith("--") && arg.length() > 2) {
      String rest = arg.substring(2);
      return rest.startsWith("=") ? rest.substring(1) : rest;
    }
    return null;
  }

  private static int consumed(String arg) {
    return arg.equals("-n")
            || arg.equals("--namespace")
            || arg.equals("-o")
            || arg.equals("--output")
            || arg.equals("-l")
            || arg.equals("--selector")
        ? 1
        : 0;
  }
}
