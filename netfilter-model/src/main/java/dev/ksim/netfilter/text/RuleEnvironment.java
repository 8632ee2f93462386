package dev.ksim.netfilter.text;

import dev.ksim.net.IpFamily;
import java.util.function.Predicate;

/**
 * What a rule may refer to outside the ruleset (the kernel's ipsets and nfacct objects), and the
 * address family the rules are for.
 *
 * @param ipsetExists whether an ipset of that name exists
 * @param nfacctExists whether an nfacct object of that name exists
 * @param family IPv4 for iptables, IPv6 for ip6tables
 */
public record RuleEnvironment(
    Predicate<String> ipsetExists, Predicate<String> nfacctExists, IpFamily family) {

  /** Every set and counter exists (for checking syntax alone), IPv4. */
  public static final RuleEnvironment PERMISSIVE =
      new RuleEnvironment(name -> true, name -> true, IpFamily.IPV4);

  public boolean hasIpSet(String name) {
    return ipsetExists.test(name);
  }

  public boolean hasNfacct(String name) {
    return nfacctExists.test(name);
  }

  public RuleEnvironment withFamily(IpFamily newFamily) {
    return new RuleEnvironment(ipsetExists, nfacctExists, newFamily);
  }
}
