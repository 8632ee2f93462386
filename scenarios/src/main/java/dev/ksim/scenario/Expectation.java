package dev.ksim.scenario;

import com.google.common.collect.ImmutableList;
import dev.ksim.input.SourceLocation;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a step expects; every field set is checked, absent ones are not.
 *
 * @param contains texts the output must contain
 * @param notContains texts it must not contain
 * @param matches regular expressions some part of the output must match
 * @param equals the whole output, exactly
 * @param exit the exit status
 * @param verdict the trace's verdict (DELIVERED, DROPPED, ...), of the step's trace or of every
 *     request a command sent
 * @param backend the pod (a name prefix, or namespace/prefix) that received the packet
 * @param masqueraded whether the packet was source-NATed
 * @param distinctBackends how many different pods answered the requests
 * @param evenWithin when set, every pod that answered got its even share of the requests, give or
 *     take this fraction of them
 * @param rcode the DNS reply's rcode
 * @param answers data of the DNS answer section, as dig prints it (order ignored)
 */
public record Expectation(
    List<String> contains,
    List<String> notContains,
    List<String> matches,
    @Nullable String equals,
    @Nullable Integer exit,
    @Nullable String verdict,
    @Nullable String backend,
    @Nullable Boolean masqueraded,
    @Nullable Integer distinctBackends,
    @Nullable Double evenWithin,
    @Nullable String rcode,
    List<String> answers,
    SourceLocation at) {
  public Expectation {
    contains = ImmutableList.copyOf(contains);
    notContains = ImmutableList.copyOf(notContains);
    matches = ImmutableList.copyOf(matches);
    answers = ImmutableList.copyOf(answers);
  }

  /** The same expectation with {@code fill} applied to every text in it. */
  Expectation filled(java.util.function.UnaryOperator<String> fill) {
    return new Expectation(
        contains.stream().map(fill).toList(),
        notContains.stream().map(fill).toList(),
        matches,
        equals == null ? null : fill.apply(equals),
        exit,
        verdict,
        backend,
        masqueraded,
        distinctBackends,
        evenWithin,
        rcode,
        answers.stream().map(fill).toList(),
        at);
  }
}
