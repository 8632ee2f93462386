package dev.ksim.netfilter.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.net.Cidr;
import dev.ksim.net.IpAddress;
import dev.ksim.net.IpFamily;
import dev.ksim.net.IpPort;
import dev.ksim.netfilter.table.Rule;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The builder's steps that take values (an address, a network, a DNAT destination) build the rule
 * its steps that take the line's words build from those values' text, and refuse what they refuse:
 * a writer that hands over values gets the rule the restore would read from its line.
 */
class RuleBuilderTest {
  private static final List<String> ADDRESSES =
      List.of("10.96.0.1", "10.244.1.2", "0.0.0.0", "255.255.255.255", "fd00::10", "::1", "::");

  private static final List<String> NETWORKS =
      List.of("10.0.0.0/8", "203.0.113.0/24", "127.0.0.0/8", "0.0.0.0/0", "2001:db8::/64");

  /**
   * The rule of a comment, the address step and {@code -p tcp}, jumping to KUBE-MARK-MASQ; null
   * exactly when the step was refused.
   */
  private static @Nullable Rule addressed(IpFamily family, Predicate<RuleBuilder> step) {
    RuleBuilder rule = new RuleBuilder(family);
    rule.comment("ns/svc:p cluster IP");
    boolean taken = step.test(rule);
    rule.protocol("tcp");
    Rule built = rule.jump("KUBE-MARK-MASQ");
    assertThat(built != null).isEqualTo(taken);
    return built;
  }

  @Test
  void anAddressGivenAsAValueBuildsTheRuleItsTextReadsTo() {
    for (IpFamily family : IpFamily.values()) {
      for (String text : ADDRESSES) {
        IpAddress address = IpAddress.parse(text);
        Rule fromText = addressed(family, r -> r.source(text));
        Rule fromValue = addressed(family, r -> r.source(RuleBuilder.host(address)));
        assertThat(fromValue).as("%s in %s", text, family).isEqualTo(fromText);
        assertThat(fromValue == null).isEqualTo(address.family() != family);
        assertThat(addressed(family, r -> r.destination(RuleBuilder.host(address))))
            .isEqualTo(addressed(family, r -> r.destination(text)));
      }
      for (String text : NETWORKS) {
        Cidr network = Cidr.parse(text);
        assertThat(addressed(family, r -> r.source(network)))
            .as("%s in %s", text, family)
            .isEqualTo(addressed(family, r -> r.source(text)));
        assertThat(addressed(family, r -> r.destination(network)))
            .isEqualTo(addressed(family, r -> r.destination(text)));
      }
    }
  }

  @Test
  void aSecondAddressIsRefusedEitherWay() {
    Cidr network = Cidr.parse("10.0.0.0/8");
    assertThat(addressed(IpFamily.IPV4, r -> r.source("10.0.0.0/8") && r.source(network))).isNull();
    assertThat(addressed(IpFamily.IPV4, r -> r.destination(network) && r.destination("10.0.0.1")))
        .isNull();
  }

  /** {@code -p PROTOCOL -j DNAT} to the destination the step gives. */
  private static @Nullable Rule dnat(
      IpFamily family, @Nullable String protocol, Function<RuleBuilder, @Nullable Rule> target) {
    RuleBuilder rule = new RuleBuilder(family);
    rule.comment("ns/svc:p");
    if (protocol != null) {
      rule.protocol(protocol);
    }
    return target.apply(rule);
  }

  @Test
  void aDnatDestinationGivenAsAValueBuildsTheRuleItsTextReadsTo() {
    int built = 0;
    for (IpFamily family : IpFamily.values()) {
      for (String protocol : new String[] {"tcp", "udp", "sctp", "icmp", null}) {
        for (String ip : ADDRESSES) {
          for (int port : new int[] {0, 1, 80, 65535}) {
            IpPort to = new IpPort(IpAddress.parse(ip), port);
            Rule fromText = dnat(family, protocol, r -> r.dnat(to.toString()));
            Rule fromValue = dnat(family, protocol, r -> r.dnat(to));
            assertThat(fromValue).as("%s %s %s", family, protocol, to).isEqualTo(fromText);
            built += fromValue == null ? 0 : 1;
          }
        }
      }
    }
    // tcp, udp and sctp to the four IPv4 addresses at the three valid ports, in IPv4
    assertThat(built).isEqualTo(3 * 4 * 3);
  }
}
