package dev.ksim.dns.server;

import dev.ksim.dns.DnsMessage;
import dev.ksim.dns.DnsName;
import dev.ksim.dns.Edns;
import dev.ksim.dns.Question;
import dev.ksim.dns.RecordType;
import dev.ksim.dns.wire.WireFormat;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Sends the server well-formed queries for cluster names, bent by bit flips, cuts and splices, and
 * plain random bytes, checking {@link WireInputs}'s promise. Runs under {@code mvn -Pfuzz verify}
 * only; what it finds goes into the corpus.
 */
class WireDecoderFuzz {
  private static final CoreDns DNS = WireInputs.server();

  private static final List<String> NAMES =
      List.of(
          "web.default.svc.cluster.local.",
          "web-0.web.default.svc.cluster.local.",
          "_http._tcp.web.default.svc.cluster.local.",
          "10-244-1-9.default.pod.cluster.local.",
          "ext.default.svc.cluster.local.",
          "kube-dns.kube-system.svc.cluster.local.",
          "cluster.local.",
          "9.1.244.10.in-addr.arpa.",
          "example.com.",
          ".");

  @Provide
  Arbitrary<byte[]> queries() {
    Arbitrary<byte[]> valid =
        Combinators.combine(
                Arbitraries.of(NAMES),
                Arbitraries.integers().between(0, 300),
                Arbitraries.integers().between(0, 0xffff),
                Arbitraries.integers().between(-1, 3))
            .as(
                (name, type, id, ednsVersion) ->
                    WireFormat.encode(
                        DnsMessage.query(
                            id,
                            new Question(DnsName.parse(name), new RecordType(type)),
                            true,
                            ednsVersion < 0
                                ? null
                                : new Edns(1232, "0011223344556677", ednsVersion)),
                        65535));
    Arbitrary<byte[]> bent =
        Combinators.combine(
                valid, Arbitraries.integers().between(0, 1 << 16), Arbitraries.integers())
            .as(WireDecoderFuzz::bend);
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
    return Arbitraries.oneOf(valid, bent, bent, random);
  }

  /** One of: a flipped bit, a cut, a byte set, a run of the message repeated onto its end. */
  private static byte[] bend(byte[] query, int where, int how) {
    byte[] out = query.clone();
    int at = where % out.length;
    switch (Math.floorMod(how, 4)) {
      case 0 -> out[at] ^= (byte) (1 << Math.floorMod(how >> 2, 8));
      case 1 -> out = Arrays.copyOf(out, Math.max(at, 2));
      case 2 -> out[at] = (byte) (how >> 8);
      default -> {
        byte[] longer = Arrays.copyOf(out, out.length + out.length - at);
        System.arraycopy(out, at, longer, out.length, out.length - at);
        out = longer;
      }
    }
    return out;
  }

  @Property(tries = 20000)
  void anyBytesAreAnsweredWellFormedOrDropped(@ForAll("queries") byte[] bytes) {
    WireInputs.answeredOrDropped(DNS, bytes);
  }
}
