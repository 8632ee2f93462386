package dev.ksim.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PacketTest {
  private static final IpPort CLIENT = new IpPort(IpAddress.parse("10.244.1.5"), 40000);
  private static final IpPort SERVER = new IpPort(IpAddress.parse("10.96.0.10"), 80);

  @Test
  void theAnswersFlagsAreTheReversedPacketsWithoutBuildingIt() {
    Packet syn = Packet.first(Protocol.TCP, CLIENT, SERVER);
    Packet ack = syn.withTcpFlags(Packet.ACK);
    Packet fin = syn.withTcpFlags(Packet.FIN | Packet.ACK);
    Packet udp = Packet.first(Protocol.UDP, CLIENT, SERVER);

    assertThat(syn.answerFlags()).isEqualTo(Packet.SYN | Packet.ACK);
    assertThat(ack.answerFlags()).isEqualTo(Packet.ACK);
    assertThat(fin.answerFlags()).isEqualTo(Packet.ACK);
    assertThat(udp.answerFlags()).isZero();
  }
}
