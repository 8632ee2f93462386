package dev.ksim.dns.corefile;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Generates Corefiles from the words real ones are made of, mixed with stray braces, environment
 * references, CIDR zones and numbers past every range, and checks {@link CorefileInputs}'s promise.
 * Runs under {@code mvn -Pfuzz verify} only; what it finds goes into the corpus.
 */
class CorefileFuzz {
  private static final List<String> WORDS =
      List.of(
          ".:53",
          "cluster.local:53",
          ".:70000",
          "10.0.0.0/8",
          "fd00::/7",
          "0.0.0.0/0",
          "::/0",
          "dns://.:53",
          "{",
          "}",
          "{$ZONE}",
          "{%TTL%}",
          "{$",
          "kubernetes",
          "cache",
          "forward",
          "loadbalance",
          "errors",
          "health",
          "log",
          "success",
          "denial",
          "disable",
          "pods",
          "verified",
          "fallthrough",
          "ttl",
          ".",
          "8.8.8.8",
          "[::1]:53",
          "/etc/resolv.conf",
          "-5",
          "0",
          "30",
          "99999999999999999999",
          "weighted",
          "round_robin",
          "#",
          ",");

  @Provide
  Arbitrary<String> corefiles() {
    Arbitrary<String> word =
        Arbitraries.frequencyOf(
            Tuple.of(8, Arbitraries.of(WORDS)),
            Tuple.of(1, Arbitraries.strings().withChars("{}$%:./,#\\ab19").ofMaxLength(12)),
            Tuple.of(1, Arbitraries.strings().ofMaxLength(8)));
    Arbitrary<String> line = word.list().ofMaxSize(6).map(words -> String.join(" ", words));
    return line.list().ofMaxSize(30).map(lines -> String.join("\n", lines) + "\n");
  }

  @Property(tries = 5000)
  void anyTextIsReadOrRefusedWithALine(@ForAll("corefiles") String text) {
    CorefileInputs.parsesOrRefuses(text);
  }
}
