package dev.ksim.netfilter.nft.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.net.IpAddress;
import dev.ksim.net.IpPort;
import dev.ksim.net.Packet;
import dev.ksim.net.Protocol;
import dev.ksim.netfilter.hook.CostCounter;
import dev.ksim.netfilter.hook.HookVerdict;
import dev.ksim.netfilter.nft.NftChain;
import dev.ksim.netfilter.nft.NftFamily;
import dev.ksim.netfilter.nft.NftRuleset;
import dev.ksim.netfilter.nft.NftTable;
import dev.ksim.netfilter.nft.text.NftScriptParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The walk of kube-proxy-shaped nftables rules (golden/nft-1.0.6/kube-proxy.nft) for first packets,
 * as nft_do_chain evaluates them.
 */
class NftChainWalkerTest {
  private static NftTable table;

  @BeforeAll
  static void load() throws IOException {
    String text =
        Files.readString(
            Path.of("src/test/resources/golden/nft-1.0.6/kube-proxy.nft"), StandardCharsets.UTF_8);
    table =
        NftScriptParser.apply(NftRuleset.EMPTY, "kube-proxy.nft", text)
            .table(NftFamily.IP, "kube-proxy")
            .orElseThrow();
  }

  private static NftWalk walk(String chain, FakeContext context) {
    NftChain base = table.chain(chain).orElseThrow();
    return NftChainWalker.walk(table, base, context);
  }

  private static Packet tcp(String from, String to, int port) {
    return Packet.first(
        Protocol.TCP,
        new IpPort(IpAddress.parse(from), 40000),
        new IpPort(IpAddress.parse(to), port));
  }

  @Test
  void clusterIpIsDnatedToTheEndpointNumgenDraws() {
    FakeContext context = new FakeContext(tcp("10.0.0.2", "172.30.0.41", 80), 1);

    NftWalk walk = walk("nat-prerouting", context);

    assertThat(walk.verdict()).isEqualTo(HookVerdict.ACCEPT);
    assertThat(walk.nat()).isNotNull();
    assertThat(walk.nat().range().text()).isEqualTo("10.180.0.2:80");
    assertThat(walk.mark() & 0x4000).isZero();
  }

  @Test
  void clusterIpFromOutsideThePodRangeIsMarkedForMasquerade() {
    FakeContext context = new FakeContext(tcp("192.168.0.2", "172.30.0.41", 80), 0);

    NftWalk walk = walk("nat-prerouting", context);

    assertThat(walk.nat().range().text()).isEqualTo("10.180.0.1:80");
    assertThat(walk.mark() & 0x4000).isEqualTo(0x4000);
  }

  @Test
  void verdictMapDispatchCostsTheSameRulesWhateverTheService() {
    FakeContext context = new FakeContext(tcp("10.0.0.2", "172.30.0.41", 80), 0);

    walk("nat-prerouting", context);

    // nat-prerouting's jump, services' vmap, the service chain's two rules, the endpoint's two
    assertThat(context.cost.rulesEvaluated()).isEqualTo(6);
    assertThat(context.cost.setLookups()).isEqualTo(2);
  }

  @Test
  void serviceWithoutEndpointsIsRejectedByTheNoEndpointMap() {
    FakeContext context = new FakeContext(tcp("10.0.0.2", "172.30.0.42", 80), 0);

    NftWalk walk = walk("filter-input", context);

    assertThat(walk.verdict()).isEqualTo(HookVerdict.REJECT);
    assertThat(walk.visit().hits())
        .extracting(NftRuleHit::outcome)
        .containsExactly("jump nodeport-endpoints-check", "jump service-endpoints-check");
    NftChainVisit check = walk.visit().hits().get(1).jumpedInto();
    assertThat(check.hits().get(0).lookup())
        .isEqualTo("map no-endpoint-services: 172.30.0.42 . tcp . 80 → goto reject-chain");
  }

  @Test
  void unallocatedClusterIpIsDroppedAndOtherPortsOfAClusterIpRejected() {
    assertThat(
            walk("filter-forward", new FakeContext(tcp("10.0.0.2", "172.30.9.9", 80), 0)).verdict())
        .isEqualTo(HookVerdict.DROP);
    assertThat(
            walk("filter-forward", new FakeContext(tcp("10.0.0.2", "172.30.0.41", 81), 0))
                .verdict())
        .isEqualTo(HookVerdict.REJECT);
  }

  @Test
  void packetNoRuleDecidesGetsThePolicy() {
    NftWalk walk = walk("filter-forward", new FakeContext(tcp("10.0.0.2", "8.8.8.8", 80), 0));

    assertThat(walk.verdict()).isEqualTo(HookVerdict.ACCEPT);
    assertThat(walk.policyDecided()).isTrue();
    assertThat(walk.visit().exit()).isEqualTo(NftChainVisit.Exit.POLICY);
  }

  @Test
  void firewallDropsSourcesOutsideTheRanges() {
    assertThat(
            walk(
                    "filter-prerouting-pre-dnat",
                    new FakeContext(tcp("203.0.113.130", "5.6.7.8", 80), 0))
                .verdict())
        .isEqualTo(HookVerdict.DROP);
    assertThat(
            walk(
                    "filter-prerouting-pre-dnat",
                    new FakeContext(tcp("203.0.113.2", "5.6.7.8", 80), 0))
                .verdict())
        .isEqualTo(HookVerdict.ACCEPT);
  }

  @Test
  void affinityUpdateRemembersTheClientUntilTheTimeout() {
    FakeContext context = new FakeContext(tcp("10.0.0.7", "172.30.0.41", 80), 1);

    walk("nat-prerouting", context);

    String set = "affinity-XXXXXXXX-ns1/svc1/tcp/p80__10.180.0.2/80";
    assertThat(
            context.sets.contains(
                "ip kube-proxy", set, List.of(IpAddress.parse("10.0.0.7")), 10_799_000L))
        .isTrue();
    assertThat(
            context.sets.contains(
                "ip kube-proxy", set, List.of(IpAddress.parse("10.0.0.7")), 10_800_001L))
        .isFalse();
  }

  /** A kernel for one first packet: ct state new, local addresses given, numgen scripted. */
  private static final class FakeContext implements NftContext {
    private Packet packet;
    private final int draw;
    final CostCounter cost = new CostCounter();
    final NftSetState sets = new NftSetState();

    FakeContext(Packet packet, int draw) {
      this.packet = packet;
      this.draw = draw;
    }

    @Override
    public Packet packet() {
      return packet;
    }

    @Override
    public long ctState() {
      return 8;
    }

    @Override
    public long ctStatus() {
      return 0;
    }

    @Override
    public String addressType(IpAddress address) {
      return Set.of("192.168.0.2").contains(address.toString()) ? "local" : "unicast";
    }

    @Override
    public int random(int modulus) {
      return draw % modulus;
    }

    @Override
    public long nowMillis() {
      return 0;
    }

    @Override
    public void setMark(long mark) {
      packet = packet.withMark(mark);
    }

    @Override
    public NftSetState sets() {
      return sets;
    }

    @Override
    public CostCounter cost() {
      return cost;
    }

    @Override
    public boolean recordsHits() {
      return true;
    }

    @Override
    public boolean recordsMisses() {
      return false;
    }
  }
}
