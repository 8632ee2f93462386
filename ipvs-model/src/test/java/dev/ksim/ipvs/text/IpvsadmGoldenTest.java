package dev.ksim.ipvs.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.ipvs.Ipvs;
import dev.ksim.ipvs.IpvsSysctls;
import dev.ksim.net.IpPort;
import dev.ksim.net.Packet;
import dev.ksim.net.Protocol;
import dev.ksim.netfilter.eval.Recording;
import dev.ksim.netfilter.hook.Hook;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every ipvsadm listing against goldens in ipvsadm 1.31's format (see the goldens' README). */
class IpvsadmGoldenTest {
  private final long[] now = {0};
  private final Ipvs ipvs = new Ipvs(() -> 7, () -> now[0]);

  private static String golden(String name) throws IOException {
    try (InputStream in =
        IpvsadmGoldenTest.class.getResourceAsStream("/golden/ipvsadm-1.31/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private String ipvsadm(String line) {
    IpvsadmResult result = Ipvsadm.run(ipvs, Arrays.asList(line.split(" ")), "");
    assertThat(result.stderr()).as(line).isEmpty();
    assertThat(result.exitStatus()).as(line).isZero();
    return result.stdout();
  }

  @Test
  void theTutorialsListing() throws IOException {
    for (String line :
        List.of(
            "-A -u 10.0.0.10:53 -s rr",
            "-a -u 10.0.0.10:53 -r 10.244.32.139:53 -m",
            "-a -u 10.0.0.10:53 -r 10.244.32.138:53 -m",
            "-A -t 10.15.212.21:80 -s rr -p 10800",
            "-a -t 10.15.212.21:80 -r 10.244.85.236:80 -m",
            "-a -t 10.15.212.21:80 -r 10.244.58.253:80 -m",
            "-a -t 10.15.212.21:80 -r 10.244.58.254:80 -m",
            "-A -t 10.0.0.10:9153 -s rr",
            "-a -t 10.0.0.10:9153 -r 10.244.32.139:9153 -m",
            "-a -t 10.0.0.10:9153 -r 10.244.32.138:9153 -m",
            "-A -t 10.13.13.181:5473 -s rr",
            "-a -t 10.13.13.181:5473 -r 192.168.120.12:5473 -m",
            "-A -t 10.0.0.10:53 -s rr",
            "-a -t 10.0.0.10:53 -r 10.244.32.138:53 -m",
            "-a -t 10.0.0.10:53 -r 10.244.32.139:53 -m",
            "-A -t 10.0.0.1:443 -s rr",
            "-a -t 10.0.0.1:443 -r 192.168.120.11:6443 -m")) {
      ipvsadm(line);
    }
    assertThat(ipvsadm("-Ln")).isEqualTo(golden("tutorial-004-Ln.txt"));
  }

  private void mixed() {
    for (String line :
        List.of(
            "-A -t 10.96.0.1:443 -s rr",
            "-a -t 10.96.0.1:443 -r 192.168.80.240:6443 -m",
            "-A -u 10.96.0.10:53 -s rr -p 10800",
            "-a -u 10.96.0.10:53 -r 10.244.0.2:53 -m -w 1",
            "-A -t 192.168.1.100:80 -s rr -p 600",
            "-a -t 192.168.1.100:80 -r 192.168.1.2:80 -g",
            "-a -t 192.168.1.100:80 -r 192.168.1.3:80 -g",
            "-A -t [fd00:10:96::1]:443 -s sh -b sh-fallback,sh-port",
            "-a -t [fd00:10:96::1]:443 -r [fd00::2]:8443 -m -x 100 -y 50",
            "-A -f 7 -s wlc -p 300 -M 255.255.255.0",
            "-a -f 7 -r 10.244.1.5 -m -w 3")) {
      ipvsadm(line);
    }
    send(Protocol.TCP, "10.244.0.5:41234", "10.96.0.1:443");
    send(Protocol.UDP, "10.244.0.5:51000", "10.96.0.10:53");
    now[0] = 2_000;
  }

  private void send(Protocol protocol, String from, String to) {
    ipvs.request(
        Hook.INPUT,
        Packet.first(
            protocol, IpPort.tryParse(from).orElseThrow(), IpPort.tryParse(to).orElseThrow()),
        IpvsSysctls.DEFAULTS,
        a -> false,
        Recording.NONE);
  }

  @Test
  void listings() throws IOException {
    mixed();
    assertThat(ipvsadm("-Ln")).isEqualTo(golden("mixed-Ln.txt"));
    assertThat(ipvsadm("-L -n --stats")).isEqualTo(golden("mixed-Ln-stats.txt"));
    assertThat(ipvsadm("-Ln --rate")).isEqualTo(golden("mixed-Ln-rate.txt"));
    assertThat(ipvsadm("-Ln --thresholds")).isEqualTo(golden("mixed-Ln-thresholds.txt"));
    assertThat(ipvsadm("-Ln --persistent-conn")).isEqualTo(golden("mixed-Ln-persistent-conn.txt"));
    assertThat(ipvsadm("-Sn")).isEqualTo(golden("mixed-Sn.txt"));
    assertThat(ipvsadm("-Lnc")).isEqualTo(golden("mixed-Lnc.txt"));
    assertThat(ipvsadm("-L --timeout")).isEqualTo(golden("timeout.txt"));
    ipvsadm("--set 3600 0 60");
    assertThat(ipvsadm("-L --timeout")).isEqualTo(golden("timeout-set.txt"));
  }

  @Test
  void aSavedTableRestoresToTheSameListing() throws IOException {
    mixed();
    String saved = ipvsadm("-Sn");
    Ipvs other = new Ipvs(() -> 7, () -> 0L);
    assertThat(Ipvsadm.run(other, List.of("-R"), saved).exitStatus()).isZero();
    assertThat(IpvsadmWriter.save(other)).isEqualTo(saved);
  }

  @Test
  void largeNumbersAreScaledUnlessExact() {
    assertThat(IpvsadmWriter.largeNumber(99_999_999, false)).isEqualTo(" 99999999");
    assertThat(IpvsadmWriter.largeNumber(123_456_789, false)).isEqualTo("  123456K");
    assertThat(IpvsadmWriter.largeNumber(12_345_678_901L, false)).isEqualTo("   12345M");
    assertThat(IpvsadmWriter.largeNumber(123_456_789_012_345L, false)).isEqualTo("     123T");
    assertThat(IpvsadmWriter.largeNumber(123_456_789, true)).isEqualTo(" 123456789");
    assertThat(IpvsadmWriter.largeNumber(5, true)).isEqualTo("        5");
  }

  @Test
  void addressesMoreThanTwoToTheThirtyOneApartSortBackwards() {
    ipvsadm("-A -t 10.96.0.1:443 -s rr");
    ipvsadm("-A -t 192.168.49.2:30080 -s rr");
    assertThat(ipvsadm("-Ln").lines().filter(l -> l.startsWith("TCP")).toList())
        .containsExactly("TCP  192.168.49.2:30080 rr", "TCP  10.96.0.1:443 rr");
  }

  @Test
  void withoutNumericPortsAreNamed() {
    ipvsadm("-A -t 10.96.0.1:443 -s rr");
    assertThat(ipvsadm("-L")).contains("TCP  10.96.0.1:https rr\n");
  }
}
