package dev.ksim.dns.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.net.InetAddresses;
import dev.ksim.dns.DnsMessage;
import dev.ksim.dns.DnsName;
import dev.ksim.dns.DnsRecord;
import dev.ksim.dns.Edns;
import dev.ksim.dns.Flag;
import dev.ksim.dns.Question;
import dev.ksim.dns.Rcode;
import dev.ksim.dns.RecordData;
import dev.ksim.dns.RecordType;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireFormatTest {
  private static final DnsMessage REPLY =
      DnsMessage.replyTo(
              DnsMessage.query(
                  77,
                  new Question(
                      DnsName.parse("_dns._udp.kube-dns.kube-system.svc.cluster.local."),
                      RecordType.SRV),
                  true,
                  new Edns(1232, "0011223344556677")),
              Rcode.NOERROR)
          .withFlag(Flag.AA, true)
          .withSections(
              List.of(
                  new DnsRecord(
                      DnsName.parse("_dns._udp.kube-dns.kube-system.svc.cluster.local."),
                      RecordType.SRV,
                      30,
                      new RecordData.Srv(
                          0, 100, 53, DnsName.parse("kube-dns.kube-system.svc.cluster.local.")))),
              List.of(
                  new DnsRecord(
                      DnsName.parse("cluster.local."),
                      RecordType.SOA,
                      30,
                      new RecordData.Soa(
                          DnsName.parse("ns.dns.cluster.local."),
                          DnsName.parse("hostmaster.cluster.local."),
                          1,
                          7200,
                          1800,
                          86400,
                          30))),
              List.of(
                  DnsRecord.address(
                      DnsName.parse("kube-dns.kube-system.svc.cluster.local."),
                      30,
                      InetAddresses.forString("10.96.0.10")),
                  new DnsRecord(
                      DnsName.parse("v.cluster.local."),
                      RecordType.TXT,
                      5,
                      new RecordData.Txt(List.of("1.1.0")))))
          .withEdns(new Edns(1232, "0011223344556677"));

  @Test
  void aMessageSurvivesTheWireAndItsLengthIsTheUncompressedOne() {
    byte[] wire = WireFormat.encode(REPLY, 65535);

    assertThat(WireFormat.decode(wire)).isEqualTo(REPLY);
    assertThat(wire).hasSize(REPLY.wireLength());
  }

  @Test
  void aReplyTooBigForTheClientIsTruncated() {
    byte[] wire = WireFormat.encode(REPLY, 100);

    assertThat(wire.length).isLessThanOrEqualTo(100);
    assertThat(WireFormat.decode(wire).has(Flag.TC)).isTrue();
  }

  @Test
  void garbageIsRefusedWithTheIdItCarries() {
    assertThatThrownBy(() -> WireFormat.decode(new byte[] {1, 2, 3, 4, 5, 6, 7}))
        .isInstanceOfSatisfying(
            WireFormatException.class, e -> assertThat(e.id()).isEqualTo(0x0102));
  }

  @Test
  void zoneFilesNameTheLineOfAnError() {
    assertThat(ZoneFile.parse("$TTL 60\nexample.com. IN A 192.0.2.1\n")).hasSize(1);
    assertThatThrownBy(() -> ZoneFile.parse("example.com. IN A 192.0.2.1\nbad. IN A nonsense\n"))
        .isInstanceOfSatisfying(ZoneFileException.class, e -> assertThat(e.line()).isEqualTo(2));
  }

  /**
   * A label of 63 octets that are not characters is legal on the wire (RFC 1035 section 2.3.4) and
   * longer than 63 characters once escaped: it is read and written back, not refused (found by
   * WireDecoderFuzz).
   */
  @Test
  void aLabelOfSixtyThreeBinaryOctetsIsReadAndWrittenBack() {
    byte[] query = new byte[12 + 1 + 63 + 1 + 4];
    query[0] = 0x12;
    query[5] = 1;
    query[12] = 63;
    query[query.length - 3] = 1;
    query[query.length - 1] = 1;

    DnsMessage decoded = WireFormat.decode(query);

    assertThat(decoded.q().name().labels().get(0)).hasSize(63 * 4);
    assertThat(decoded.q().name().wireLength()).isEqualTo(65);
    assertThat(WireFormat.decode(WireFormat.encode(decoded, 512)).q().name())
        .isEqualTo(decoded.q().name());
  }
}
