package dev.ksim.dns.corefile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.dns.DnsName;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Corefiles CoreDNS refuses at start-up, refused with the line and CoreDNS's words, and those it
 * starts with. Sources, coredns/coredns at v1.12.1 (the version kubeadm v1.34 installs): {@code
 * core/dnsserver/register.go} (zones defined twice), {@code plugin/cache/setup.go}, {@code
 * plugin/forward/setup.go} and {@code plugin/pkg/parse/host.go}, {@code
 * plugin/loadbalance/setup.go}, {@code plugin/plugin.go} ({@code ErrOnce}), the setup.go of each
 * plugin ksim accepts without acting on it, and coredns/caddy {@code caddyfile/parse.go} ({@code
 * {$ENV}}).
 */
class CorefileRefusalTest {
  private static CorefileException refusal(String corefile) {
    try {
      CoreDnsConfig.parse(corefile);
    } catch (CorefileException e) {
      return e;
    }
    throw new AssertionError("accepted:\n" + corefile);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "zone twice | .:53 {\\n errors\\n}\\n.:53 {\\n log\\n}\\n | 4 | cannot serve dns://.:53 - it is"
            + " already defined",
        "port over 65535 | .:70000 {\\n errors\\n}\\n | 1 | address 70000: invalid port",
        "cache -5 | .:53 {\\n cache -5\\n}\\n | 2 | cache TTL can not be zero or negative: -5",
        "cache 0 | .:53 {\\n cache 0\\n}\\n | 2 | cache TTL can not be zero or negative: 0",
        "success abc | .:53 {\\n cache {\\n  success abc\\n }\\n}\\n | 3 | strconv.Atoi: parsing"
            + " \"abc\": invalid syntax",
        "success alone | .:53 {\\n cache {\\n  success\\n }\\n}\\n | 3 | Wrong argument count",
        "huge denial | .:53 {\\n cache {\\n  denial 99999999999999999999\\n }\\n}\\n | 3 |"
            + " value out of range",
        "denial ttl 0 | .:53 {\\n cache {\\n  denial 100 0\\n }\\n}\\n | 3 | can not be zero",
        "success min ttl | .:53 {\\n cache {\\n  success 100 30 -1\\n }\\n}\\n | 3 | min TTL can"
            + " not be negative: -1",
        "cache twice | .:53 {\\n cache\\n cache 30\\n}\\n | 3 | can only be used once per Server"
            + " Block",
        "two kubernetes | .:53 {\\n kubernetes cluster.local\\n kubernetes other.local\\n}\\n | 3 |"
            + " plugin/kubernetes: this plugin can only be used once per Server Block",
        "forward to a name | .:53 {\\n forward . not-an-address\\n}\\n | 2 | not an IP address or"
            + " file: \"not-an-address\"",
        "forward property | .:53 {\\n forward . 8.8.8.8 {\\n  max_fail 3\\n }\\n}\\n | 3 | unknown"
            + " property 'max_fail'",
        "health property | .:53 {\\n health {\\n  lameduk 5s\\n }\\n}\\n | 3 | plugin/health:"
            + " unknown property 'lameduk'",
        "errors property | .:53 {\\n errors {\\n  stacktrace\\n  verbose\\n }\\n}\\n | 4 | unknown"
            + " property 'verbose'",
        "ready property | .:53 {\\n ready {\\n  x\\n }\\n}\\n | 3 | unknown property 'x'",
        "loop argument | .:53 {\\n loop forever\\n}\\n | 2 | Wrong argument count",
        "errors twice | .:53 {\\n errors\\n errors\\n}\\n | 3 | can only be used once",
        "weighted without file | .:53 {\\n loadbalance weighted\\n}\\n | 2 | missing weight file"
            + " argument",
        "weighted file | .:53 {\\n loadbalance weighted /etc/coredns/w.txt\\n}\\n | 2 | weight file"
            + " /etc/coredns/w.txt",
        "unknown policy | .:53 {\\n loadbalance fastest\\n}\\n | 2 | unknown policy: fastest",
      })
  void refusesAsCoreDnsRefusesAtStartUp(String name, String corefile, int line, String words) {
    CorefileException e = refusal(corefile.replace("\\n", "\n"));

    assertThat(e.line()).isEqualTo(line);
    assertThat(e.getMessage()).contains(words);
  }

  @Test
  void startsWithWhatCoreDnsStartsWith() {
    CoreDnsConfig config =
        CoreDnsConfig.parse(
            """
            .:53 {
                errors {
                    consolidate 5m ".* timeout$"
                }
                health {
                    lameduck 5s
                }
                cache 30 {
                    success 9984 30 5
                    denial 9984 5
                }
                forward . /etc/resolv.conf dns://10.0.0.1:5353 [fd00::1]:53
                forward example.org 192.0.2.1
                loadbalance round_robin
            }
            cluster.local:53 {
                log
            }
            cluster.local:5353 {
                log
            }
            """);
    ServerConfig root = config.servers().get(0);
    CacheOptions cache = root.cache().orElseThrow();

    assertThat(cache.successMaxTtl()).isEqualTo(30);
    assertThat(cache.successMinTtl()).isEqualTo(5);
    assertThat(cache.denialMaxTtl()).isEqualTo(5);
    assertThat(root.forwardFrom()).containsExactly(DnsName.ROOT, DnsName.parse("example.org."));
    assertThat(config.servers()).hasSize(2);
  }

  @Test
  void environmentReferencesAreReplacedAsCaddyDoes() {
    CoreDnsConfig config =
        CoreDnsConfig.parse(
            "{$ZONE}:53 {\n cache {%TTL%}\n forward . {$UPSTREAM}\n log {$UNSET}\n}\n",
            Map.of("ZONE", "example.org", "TTL", "42", "UPSTREAM", "192.0.2.53"));
    ServerConfig server = config.servers().get(0);

    assertThat(server.zones()).containsExactly(DnsName.parse("example.org."));
    assertThat(server.cache().orElseThrow().successMaxTtl()).isEqualTo(42);
  }

  @Test
  void anUnsetVariableIsEmptyAsInCaddy() {
    assertThat(refusal(".:53 {\n forward . {$NOPE}\n}\n").getMessage())
        .contains("Wrong argument count");
  }
}
