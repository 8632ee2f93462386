package dev.ksim.netfilter.text;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Generates iptables-restore inputs from the pieces real files are made of, mixed with blanks,
 * quotes, carriage returns, NULs and deep jump chains, and checks {@link RestoreInputs}'s promise.
 * Runs under {@code mvn -Pfuzz verify} only; what it finds goes into the corpus.
 */
class RestoreParserFuzz {
  private static final List<String> PIECES =
      List.of(
          "*filter",
          "*nat",
          "*raw",
          "*mangle",
          "*bogus",
          "COMMIT",
          ":INPUT ACCEPT [0:0]",
          ":INPUT - [0:0]",
          ":FORWARD DROP [1:2]",
          ":PREROUTING ACCEPT [0:0]",
          ":A - [0:0]",
          ":B ACCEPT [0:0]",
          ":C",
          ":",
          "-N D",
          "-X A",
          "-X INPUT",
          "-F",
          "-A INPUT -j A",
          "-A A -j B",
          "-A B -j A",
          "-A B -g C",
          "-A INPUT -p tcp --dport 80 -j ACCEPT",
          "-A INPUT -m comment --comment \"x y\" -j DROP",
          "-A INPUT -m comment --comment \"open",
          "-A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.1:80",
          "-A INPUT -m statistic --mode random --probability 0.5 -j ACCEPT",
          "-A INPUT -s 10.0.0.0/8 ! -d 1.2.3.4 -j REJECT --reject-with tcp-reset",
          "-I INPUT 1 -j ACCEPT",
          "-D INPUT 1",
          "-A INPUT -m multiport --dports 1,2,3 -p udp -j ACCEPT",
          "-A INPUT -m set --match-set s src -j ACCEPT",
          "[1:2] -A INPUT -j ACCEPT",
          "# comment",
          "",
          "   ",
          "\r",
          "\0");

  @Provide
  Arbitrary<String> restoreTexts() {
    Arbitrary<String> piece = Arbitraries.of(PIECES);
    Arbitrary<String> noise =
        Arbitraries.strings().withChars("*:-!\"\\ \t\rAB0123[]./#").ofMaxLength(40);
    Arbitrary<String> line =
        Arbitraries.frequencyOf(
            Tuple.of(6, piece),
            Tuple.of(2, noise),
            Tuple.of(1, Arbitraries.strings().ofMaxLength(30)));
    return line.list().ofMaxSize(40).map(lines -> String.join("\n", lines) + "\n");
  }

  @Provide
  Arbitrary<String> deepChains() {
    return Arbitraries.integers()
        .between(1, 400)
        .map(
            depth -> {
              StringBuilder text = new StringBuilder("*filter\n");
              for (int i = 0; i < depth; i++) {
                text.append(":C").append(i).append(" - [0:0]\n");
              }
              text.append("-A INPUT -j C0\n");
              for (int i = 0; i + 1 < depth; i++) {
                text.append("-A C").append(i).append(" -j C").append(i + 1).append('\n');
                text.append("-A C").append(i).append(" -j C").append(depth - 1).append('\n');
              }
              return text.append("COMMIT\n").toString();
            });
  }

  @Property(tries = 3000)
  void anyTextIsParsedOrRefusedWithALine(@ForAll("restoreTexts") String text) {
    RestoreInputs.parsesOrRefuses(text);
  }

  @Property(tries = 200)
  void deepAndWideJumpChainsEndInBoundedTime(@ForAll("deepChains") String text) {
    RestoreInputs.parsesOrRefuses(text);
  }
}
