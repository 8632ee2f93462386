package dev.ksim.netfilter.ipset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.net.IpPort;
import dev.ksim.net.Packet;
import dev.ksim.net.Protocol;
import java.util.List;
import org.junit.jupiter.api.Test;

class IpSetTest {
  private static final List<String> DST_DST = List.of("dst", "dst");

  private static Packet packet(Protocol protocol, String from, int sport, String to, int dport) {
    return Packet.first(
        protocol, new IpPort(IpAddress.parse(from), sport), new IpPort(IpAddress.parse(to), dport));
  }

  @Test
  void hashIpPortMatchesTheProtocolAndPortItWasGiven() {
    IpSet set = new IpSet("KUBE-CLUSTER-IP", IpSetType.HASH_IP_PORT, IpFamily.IPV4, "");
    set.add("10.96.0.10,udp:53");
    set.add("10.96.0.1,443");

    assertThat(set.test(packet(Protocol.UDP, "10.244.1.2", 40000, "10.96.0.10", 53), DST_DST))
        .isTrue();
    assertThat(set.test(packet(Protocol.TCP, "10.244.1.2", 40000, "10.96.0.10", 53), DST_DST))
        .isFalse();
    assertThat(set.test(packet(Protocol.TCP, "10.244.1.2", 40000, "10.96.0.1", 443), DST_DST))
        .isTrue();
    assertThat(set.test(packet(Protocol.TCP, "10.96.0.1", 443, "10.244.1.2", 40000), DST_DST))
        .isFalse();
    assertThat(
            set.test(
                packet(Protocol.TCP, "10.96.0.1", 443, "10.244.1.2", 40000), List.of("src", "src")))
        .isTrue();
    assertThat(set.members()).containsExactly("10.96.0.10,udp:53", "10.96.0.1,tcp:443");
  }

  @Test
  void aRemovedMemberNoLongerMatchesAndAnAddedOneKeepsItsPlace() {
    IpSet set = new IpSet("S", IpSetType.HASH_IP_PORT, IpFamily.IPV4, "");
    set.add("10.96.0.1,TCP:80");
    set.add("10.96.0.2,tcp:80");
    set.add("10.96.0.1,tcp:80");
    set.remove("10.96.0.1,tcp:80");

    assertThat(set.test(packet(Protocol.TCP, "10.244.1.2", 1, "10.96.0.1", 80), DST_DST)).isFalse();
    assertThat(set.test(packet(Protocol.TCP, "10.244.1.2", 1, "10.96.0.2", 80), DST_DST)).isTrue();
    assertThat(set.members()).containsExactly("10.96.0.2,tcp:80");
  }

  @Test
  void hashIpPortIpMatchesAllThreeDimensions() {
    IpSet set = new IpSet("KUBE-LOOP-BACK", IpSetType.HASH_IP_PORT_IP, IpFamily.IPV4, "");
    set.add("10.244.1.5,tcp:8080,10.244.1.5");
    List<String> dirs = List.of("dst", "dst", "src");

    assertThat(set.test(packet(Protocol.TCP, "10.244.1.5", 1, "10.244.1.5", 8080), dirs)).isTrue();
    assertThat(set.test(packet(Protocol.TCP, "10.244.1.6", 1, "10.244.1.5", 8080), dirs)).isFalse();
  }

  @Test
  void hashIpPortNetTestsTheNetworkByContainment() {
    IpSet set = new IpSet("SRC-CIDR", IpSetType.HASH_IP_PORT_NET, IpFamily.IPV4, "");
    set.add("192.0.2.10,tcp:80,203.0.113.0/24");
    set.add("192.0.2.10,tcp:80,198.51.100.0/25");
    List<String> dirs = List.of("dst", "dst", "src");

    assertThat(set.test(packet(Protocol.TCP, "203.0.113.7", 1, "192.0.2.10", 80), dirs)).isTrue();
    assertThat(set.test(packet(Protocol.TCP, "198.51.100.200", 1, "192.0.2.10", 80), dirs))
        .isFalse();
    set.remove("192.0.2.10,tcp:80,203.0.113.0/24");
    assertThat(set.test(packet(Protocol.TCP, "203.0.113.7", 1, "192.0.2.10", 80), dirs)).isFalse();
    assertThat(set.test(packet(Protocol.TCP, "198.51.100.7", 1, "192.0.2.10", 80), dirs)).isTrue();
  }

  @Test
  void bitmapPortIgnoresTheProtocolAndHashNetContains() {
    IpSet ports = new IpSet("KUBE-NODE-PORT-TCP", IpSetType.BITMAP_PORT, IpFamily.IPV4, "");
    ports.add("30080");
    assertThat(ports.test(packet(Protocol.UDP, "10.0.0.1", 1, "10.0.0.2", 30080), List.of("dst")))
        .isTrue();
    assertThat(ports.members()).containsExactly("30080");

    IpSet nets = new IpSet("NETS", IpSetType.HASH_NET, IpFamily.IPV4, "");
    nets.add("10.0.0.0/8");
    assertThat(nets.test(packet(Protocol.TCP, "10.1.2.3", 1, "192.0.2.1", 80), List.of("src")))
        .isTrue();
    assertThat(nets.test(packet(Protocol.TCP, "11.1.2.3", 1, "192.0.2.1", 80), List.of("src")))
        .isFalse();
  }

  @Test
  void aProtocolNoPacketCarriesIsKeptButNeverMatches() {
    IpSet set = new IpSet("S", IpSetType.HASH_IP_PORT, IpFamily.IPV4, "");
    set.add("10.96.0.1,udplite:80");
    assertThat(set.members()).containsExactly("10.96.0.1,udplite:80");
    assertThat(set.test(packet(Protocol.UDP, "10.0.0.1", 1, "10.96.0.1", 80), DST_DST)).isFalse();
    set.remove("10.96.0.1,udplite:80");
    assertThat(set.members()).isEmpty();
  }

  @Test
  void aCopyIsIndependent() {
    IpSet set = new IpSet("S", IpSetType.HASH_IP_PORT, IpFamily.IPV4, "c");
    set.add("10.96.0.1,tcp:80");
    IpSet copy = set.copy();
    set.remove("10.96.0.1,tcp:80");

    assertThat(copy.test(packet(Protocol.TCP, "10.0.0.1", 1, "10.96.0.1", 80), DST_DST)).isTrue();
    assertThat(set.test(packet(Protocol.TCP, "10.0.0.1", 1, "10.96.0.1", 80), DST_DST)).isFalse();
  }

  @Test
  void aMemberWithTheWrongNumberOfPartsIsRefused() {
    IpSet set = new IpSet("S", IpSetType.HASH_IP_PORT, IpFamily.IPV4, "");
    assertThatThrownBy(() -> set.add("10.96.0.1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not have 2 parts");
  }
}
