import dev.ksim.cluster.Cluster;
import dev.ksim.cluster.ClusterOptions;
import dev.ksim.dns.DnsMessage;
import dev.ksim.dns.Flag;
import dev.ksim.dns.server.Request;
import dev.ksim.dns.wire.WireFormat;
import dev.ksim.manifest.ManifestLoader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Issue 20's DNS measurement: hostile DNS messages, each handed to the cluster's CoreDNS as a
 * datagram and as a TCP message, with a per-input timeout. Classes: CRASH (an exception), HANG
 * (past the timeout), BLOWUP (out of memory), WRONG-ACCEPT (a reply to bytes a DNS server drops:
 * no header, or the QR bit set), WRONG-REFUSE (silence, or FORMERR, for a well-formed standard
 * query), MALFORMED (a reply that does not decode, lacks QR, has another id, or is over the
 * size the transport allows), ok.
 *
 * <p>java -Xmx2g -cp ksim.jar:DIR DnsHarness MANIFEST CORPUS_DIR TOTAL SEED TIMEOUT_S REPORT
 */
public class DnsHarness {
  public static void main(String[] a) throws Exception {
    Cluster cluster =
        Cluster.start(
            ManifestLoader.parse(a[0], Files.readString(Path.of(a[0]), StandardCharsets.UTF_8)),
            ClusterOptions.DEFAULT);
    List<String> localIps = cluster.dns().firstServerAddresses();
    List<byte[]> seeds = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of(a[1]))) {
      for (Path p : files.filter(f -> f.toString().endsWith(".bin")).sorted().toList()) {
        seeds.add(Files.readAllBytes(p));
      }
    }
    int total = Integer.parseInt(a[2]);
    SplittableRandom random = new SplittableRandom(Long.parseLong(a[3]));
    long timeout = Long.parseLong(a[4]) * 1000;
    List<byte[]> inputs = new ArrayList<>(seeds);
    while (inputs.size() < total) {
      byte[] base = seeds.get(random.nextInt(seeds.size()));
      byte[] m;
      double kind = random.nextDouble();
      if (kind < 0.4 && base.length > 0) {
        m = base.clone();
        for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
          m[random.nextInt(m.length)] ^= (byte) (1 << random.nextInt(8));
        }
      } else if (kind < 0.6 && base.length > 1) {
        m = Arrays.copyOf(base, random.nextInt(base.length));
      } else if (kind < 0.8) {
        byte[] other = seeds.get(random.nextInt(seeds.size()));
        int cut = base.length == 0 ? 0 : random.nextInt(base.length);
        int from = other.length == 0 ? 0 : random.nextInt(other.length);
        m = new byte[cut + other.length - from];
        System.arraycopy(base, 0, m, 0, cut);
        System.arraycopy(other, from, m, cut, other.length - from);
      } else {
        m = new byte[random.nextInt(600)];
        random.nextBytes(m);
      }
      inputs.add(m);
    }
    PrintStream report = new PrintStream(Files.newOutputStream(Path.of(a[5])), true, "UTF-8");
    int i = 0;
    for (byte[] input : inputs) {
      i++;
      for (boolean tcp : new boolean[] {false, true}) {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread t =
            new Thread(
                () -> {
                  try {
                    result.set(
                        cluster.dns().server().handle(input, new Request(localIps, "10.0.0.9", tcp)));
                  } catch (Throwable e) {
                    result.set(e);
                  }
                });
        t.start();
        t.join(timeout);
        String verdict;
        if (t.isAlive()) {
          t.stop();
          verdict = "HANG";
        } else if (result.get() instanceof OutOfMemoryError) {
          verdict = "BLOWUP";
        } else if (result.get() instanceof Throwable e) {
          verdict = "CRASH(" + e.getClass().getSimpleName() + ")";
        } else {
          @SuppressWarnings("unchecked")
          List<byte[]> replies = (List<byte[]>) result.get();
          verdict = classify(input, replies, tcp);
        }
        report.println(i + "\t" + (tcp ? "tcp" : "udp") + "\t" + input.length + "\t" + verdict);
      }
    }
    System.exit(0);
  }

  private static String classify(byte[] input, List<byte[]> replies, boolean tcp) {
    boolean dropped = input.length < 12 || (input[2] & 0x80) != 0;
    DnsMessage query = null;
    try {
      query = WireFormat.decode(input);
    } catch (RuntimeException e) {
      // not a well-formed message
    }
    boolean wellFormedQuery =
        query != null && query.opcode() == 0 && query.question() != null && !query.has(Flag.QR);
    if (replies.isEmpty()) {
      return wellFormedQuery ? "WRONG-REFUSE" : "ok";
    }
    if (dropped) {
      return "WRONG-ACCEPT";
    }
    int id = ((input[0] & 0xff) << 8) | (input[1] & 0xff);
    for (byte[] reply : replies) {
      try {
        DnsMessage m = WireFormat.decode(reply);
        if (!m.has(Flag.QR) || m.id() != id || reply.length > 65535) {
          return "MALFORMED";
        }
        if (wellFormedQuery && m.rcode() == dev.ksim.dns.Rcode.FORMERR) {
          return "WRONG-REFUSE";
        }
      } catch (RuntimeException e) {
        return "MALFORMED";
      }
    }
    return "ok";
  }
}
