package dev.ksim.dns.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import dev.ksim.dns.DnsMessage;
import dev.ksim.dns.DnsName;
import dev.ksim.dns.DnsRecord;
import dev.ksim.dns.Flag;
import dev.ksim.dns.Rcode;
import dev.ksim.dns.RecordType;
import dev.ksim.dns.resolver.ResolvConf;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * nslookup's layout as BIND 9.18 prints it (../shared/reference/dns-client-output.md section 2).
 */
class NslookupTest {
  private static final ResolvConf POD =
      new ResolvConf(
          List.of("10.96.0.10"),
          List.of("default.svc.cluster.local", "svc.cluster.local", "cluster.local"),
          List.of("ndots:5"));

  /** A cluster DNS knowing one name: aa set, ra clear, as CoreDNS answers. */
  private static final Transport CLUSTER =
      (to, query, tcp) -> {
        boolean known = query.q().name().toString().equals("kubernetes.default.svc.cluster.local.");
        DnsMessage reply =
            DnsMessage.replyTo(query, known ? Rcode.NOERROR : Rcode.NXDOMAIN)
                .withFlag(Flag.AA, true);
        if (known && query.q().type().equals(RecordType.A)) {
          reply =
              reply.withSections(
                  List.of(
                      DnsRecord.address(
                          query.q().name(), 30, InetAddresses.forString("10.96.0.1"))),
                  List.of(),
                  List.of());
        }
        return Exchange.answered(to, tcp, query, reply);
      };

  @Test
  void aNameFoundOnTheSecondSearchDomain() {
    assertThat(Nslookup.run(List.of("kubernetes.default"), POD, CLUSTER, () -> 1))
        .isEqualTo(
            ";; Got recursion not available from 10.96.0.10\n"
                + ";; Got recursion not available from 10.96.0.10\n"
                + "Server:\t\t10.96.0.10\n"
                + "Address:\t10.96.0.10#53\n"
                + "\n"
                + "Name:\tkubernetes.default.svc.cluster.local\n"
                + "Address: 10.96.0.1\n"
                + ";; Got recursion not available from 10.96.0.10\n"
                + "\n");
  }

  @Test
  void aNameFoundNowhere() {
    String out = Nslookup.run(List.of("bogus"), POD, CLUSTER, () -> 1);

    assertThat(out)
        .endsWith(
            "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n"
                + "** server can't find bogus: NXDOMAIN\n\n");
    assertThat(out.lines().filter(l -> l.startsWith(";; Got recursion")).count()).isEqualTo(4);
    assertThat(DnsName.parse("bogus.").toString()).isEqualTo("bogus.");
  }
}
