package dev.ksim.netfilter;

import static dev.ksim.netfilter.NetfilterHarness.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.net.Packet;
import dev.ksim.netfilter.hook.DnatCandidates;
import dev.ksim.netfilter.hook.Hook;
import dev.ksim.netfilter.host.Host;
import dev.ksim.netfilter.host.HostJourney;
import dev.ksim.netfilter.host.HostJourney.Outcome;
import dev.ksim.netfilter.nft.NftRuleset;
import dev.ksim.netfilter.nft.text.NftScriptParser;
import org.junit.jupiter.api.Test;

/** nftables base chains in the kernel beside the iptables tables: NAT, conntrack, verdicts. */
class NetfilterNftTest {
  private static final String SERVICE =
      """
      table ip kube-proxy {
        chain mark-for-masquerade {
          mark set mark or 0x4000
        }
        chain masquerading {
          mark and 0x4000 == 0 return
          mark set mark xor 0x4000
          masquerade fully-random
        }
        map service-ips {
          type ipv4_addr . inet_proto . inet_service : verdict
          elements = { 10.96.0.10 . tcp . 8080 : goto svc }
        }
        chain svc {
          ip saddr != 10.244.0.0/16 jump mark-for-masquerade
          numgen random mod 2 vmap { 0 : goto sep-a, 1 : goto sep-b }
        }
        chain sep-a {
          meta l4proto tcp dnat to 10.244.1.2:80
        }
        chain sep-b {
          meta l4proto tcp dnat to 10.244.2.2:80
        }
        chain services {
          ip daddr . meta l4proto . th dport vmap @service-ips
        }
        chain nat-prerouting {
          type nat hook prerouting priority dstnat; policy accept;
          jump services
        }
        chain nat-postrouting {
          type nat hook postrouting priority srcnat; policy accept;
          jump masquerading
        }
        chain filter-forward {
          type filter hook forward priority filter; policy accept;
          ip daddr 10.244.2.2 tcp dport 22 drop
        }
      }
      """;

  private static NetfilterHarness harness() {
    NetfilterHarness harness = NetfilterHarness.of("");
    harness.kernel().setNftables(NftScriptParser.apply(NftRuleset.EMPTY, "service.nft", SERVICE));
    return harness;
  }

  @Test
  void verdictMapDnatsAndMasqueradesTrafficFromOutside() {
    NetfilterHarness harness = harness();

    Packet syn = tcp("203.0.113.9:40000", "10.96.0.10:8080");
    DnatCandidates candidates = harness.host().candidates(syn, Host.UPLINK);
    HostJourney journey = harness.send(syn);

    assertThat(journey.outcome()).isEqualTo(Outcome.FORWARDED);
    assertThat(candidates.destinations())
        .extracting(Object::toString)
        .containsExactly("10.244.1.2:80", "10.244.2.2:80");
    assertThat(candidates.cut()).isFalse();
    assertThat(journey.endpoint()).isIn(candidates.destinations());
    assertThat(journey.masqueraded()).isTrue();
  }

  @Test
  void theCandidateSearchStopsAtItsBoundAndSaysSo() {
    NetfilterHarness harness = NetfilterHarness.of("");
    String wide =
        """
        table ip wide {
          chain endpoint {
            meta l4proto tcp dnat to 10.244.1.2:80
          }
          chain nat-prerouting {
            type nat hook prerouting priority dstnat; policy accept;
            numgen random mod %d vmap { 0 : goto endpoint }
          }
        }
        """
            .formatted(DnatCandidates.MAX_WALKS * 2);
    harness.kernel().setNftables(NftScriptParser.apply(NftRuleset.EMPTY, "wide.nft", wide));

    DnatCandidates search =
        harness.kernel().dnatCandidates(Hook.PREROUTING, tcp("203.0.113.9:40000", "10.96.0.10:80"));

    assertThat(search.destinations()).extracting(Object::toString).containsExactly("10.244.1.2:80");
    assertThat(search.cut()).isTrue();
  }

  @Test
  void laterPacketsFollowConntrackNotTheRules() {
    NetfilterHarness harness = harness();
    HostJourney first = harness.send(tcp("10.244.3.3:40000", "10.96.0.10:8080"));

    harness.kernel().setNftables(NftRuleset.EMPTY);
    HostJourney second =
        harness.send(tcp("10.244.3.3:40000", "10.96.0.10:8080").withTcpFlags(Packet.ACK));

    assertThat(first.masqueraded()).isFalse();
    assertThat(second.last().destinationIpPort()).isEqualTo(first.endpoint());
  }

  @Test
  void filterChainDropsWhatItMatches() {
    NetfilterHarness harness = harness();

    HostJourney journey = harness.send(tcp("203.0.113.9:40000", "10.244.2.2:22"));

    assertThat(journey.outcome()).isEqualTo(Outcome.DROPPED);
  }
}
