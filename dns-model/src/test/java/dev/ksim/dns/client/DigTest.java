package dev.ksim.dns.client;

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
import dev.ksim.dns.resolver.ResolvConf;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * dig's layout, checked against what BIND 9.18.49 prints (../shared/reference/dns-client-output.md,
 * captured from the real dig).
 */
class DigTest {
  private static final ResolvConf POD =
      new ResolvConf(
          List.of("10.96.0.10"),
          List.of("default.svc.cluster.local", "svc.cluster.local", "cluster.local"),
          List.of("ndots:5"));

  private static DnsRecord a(String name, long ttl, String ip) {
    return DnsRecord.address(DnsName.parse(name), ttl, InetAddresses.forString(ip));
  }

  @Test
  void recordLinesPlaceFieldsAtDigsTabStops() {
    assertThat(RecordText.line(a("example.com.", 30, "93.184.215.14")))
        .isEqualTo("example.com.\t\t30\tIN\tA\t93.184.215.14");
    assertThat(RecordText.line(a("kubernetes.default.svc.cluster.local.", 30, "10.96.0.1")))
        .isEqualTo("kubernetes.default.svc.cluster.local. 30 IN A\t10.96.0.1");
    DnsRecord srv =
        new DnsRecord(
            DnsName.parse("_http._tcp.my-svc.default.svc.cluster.local."),
            RecordType.SRV,
            30,
            new RecordData.Srv(0, 100, 80, DnsName.parse("my-svc.default.svc.cluster.local.")));
    assertThat(RecordText.line(srv))
        .isEqualTo(
            "_http._tcp.my-svc.default.svc.cluster.local. 30\tIN SRV 0 100 80"
                + " my-svc.default.svc.cluster.local.");
    assertThat(
            RecordText.question(
                new Question(DnsName.parse("1.0.96.10.in-addr.arpa."), RecordType.PTR)))
        .isEqualTo(";1.0.96.10.in-addr.arpa.\t\tIN\tPTR");
    assertThat(
            RecordText.question(
                new Question(DnsName.parse("kubernetes.default.svc.cluster.local."), RecordType.A)))
        .isEqualTo(";kubernetes.default.svc.cluster.local. IN A");
  }

  @Test
  void theFullOutputOfAPositiveAnswer() {
    DigRequest request = DigRequest.parse(List.of("kubernetes.default.svc.cluster.local"));
    Transport server =
        (to, query, tcp) ->
            Exchange.answered(
                to,
                tcp,
                query,
                DnsMessage.replyTo(query, Rcode.NOERROR)
                    .withFlag(Flag.AA, true)
                    .withSections(
                        List.of(a("kubernetes.default.svc.cluster.local.", 30, "10.96.0.1")),
                        List.of(),
                        List.of())
                    .withEdns(new Edns(1232, query.edns().cookie())));
    int[] next = {0};
    List<Exchange> exchanges = Dig.run(request, POD, server, () -> next[0]++ * 37);

    String out = Dig.print(request, exchanges, Instant.parse("2026-11-22T00:01:21Z"));

    assertThat(out)
        .isEqualTo(
            """

            ; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> kubernetes.default.svc.cluster.local
            ;; global options: +cmd
            ;; Got answer:
            ;; WARNING: .local is reserved for Multicast DNS
            ;; You are currently testing what happens when an mDNS query is leaked to DNS
            ;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 296
            ;; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1
            ;; WARNING: recursion requested but not available

            ;; OPT PSEUDOSECTION:
            ; EDNS: version: 0, flags:; udp: 1232
            ; COOKIE: 00254a6f94b9de03 (echoed)
            ;; QUESTION SECTION:
            ;kubernetes.default.svc.cluster.local. IN A

            ;; ANSWER SECTION:
            kubernetes.default.svc.cluster.local. 30 IN A\t10.96.0.1

            ;; Query time: 0 msec
            ;; SERVER: 10.96.0.10#53(10.96.0.10) (UDP)
            ;; WHEN: Sun Nov 22 00:01:21 UTC 2026
            ;; MSG SIZE  rcvd: 129

            """);
  }

  @Test
  void searchWalksTheListAndShortPrintsOnlyTheData() {
    DigRequest request = DigRequest.parse(List.of("@10.96.0.10", "my-svc", "+search", "+short"));
    List<String> asked = new ArrayList<>();
    Transport server =
        (to, query, tcp) -> {
          asked.add(query.q().name().toString());
          boolean found = query.q().name().toString().startsWith("my-svc.svc.");
          DnsMessage reply = DnsMessage.replyTo(query, found ? Rcode.NOERROR : Rcode.NXDOMAIN);
          return Exchange.answered(
              to,
              tcp,
              query,
              found
                  ? reply.withSections(
                      List.of(a(query.q().name().toString(), 30, "10.96.12.34")),
                      List.of(),
                      List.of())
                  : reply);
        };

    String out = Dig.print(request, Dig.run(request, POD, server, () -> 1), Instant.EPOCH);

    assertThat(asked)
        .containsExactly("my-svc.default.svc.cluster.local.", "my-svc.svc.cluster.local.");
    assertThat(out).isEqualTo("10.96.12.34\n");
  }

  @Test
  void noReplyIsACommunicationsErrorPerTry() {
    DigRequest request = DigRequest.parse(List.of("+tries=2", "a.b"));
    String out =
        Dig.print(
            request,
            Dig.run(
                request, POD, (to, q, tcp) -> Exchange.failed(to, tcp, q, "timed out"), () -> 1),
            Instant.EPOCH);

    assertThat(out)
        .isEqualTo(
            """
            ;; communications error to 10.96.0.10#53: timed out
            ;; communications error to 10.96.0.10#53: timed out

            ; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> +tries=2 a.b
            ;; global options: +cmd
            ;; no servers could be reached
            """);
  }

  @Test
  void argumentsAsDigReadsThem() {
    DigRequest reverse = DigRequest.parse(List.of("-x", "10.96.0.1"));
    DigRequest typed = DigRequest.parse(List.of("nginx", "SRV", "+tcp"));

    assertThat(reverse.name()).isEqualTo("1.0.96.10.in-addr.arpa.");
    assertThat(reverse.type()).isEqualTo(RecordType.PTR);
    assertThat(typed.type()).isEqualTo(RecordType.SRV);
    assertThat(typed.tcp()).isTrue();
    assertThatThrownBy(() -> DigRequest.parse(List.of("+bogus", "x")))
        .isInstanceOf(ClientException.class)
        .hasMessage("Invalid option: +bogus");
  }
}
