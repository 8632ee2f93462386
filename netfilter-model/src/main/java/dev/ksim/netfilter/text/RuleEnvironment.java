package dev.ksim.netfilter.text;

import dev.ksim.net.IpFamily;

/** What a rule may refer to outside the ruleset: ipsets and nfacct objects of the kernel. */
public interface RuleEnvironment {
  boolean hasIpSet(String name);

  boolean hasNfacct(String name);

  /** An environment where every set and counter exists (for checking syntax alone). */
  RuleEnvironment PERMISSIVE =
      new RuleEnvironment() {
        @Override
        public boolean hasIpSet(String name) {
          return true;
        }

        @Override
        public boolean hasNfacct(String name) {
          return true;
        }
      };

  /** The address family rules are parsed for. */
  default IpFamily family() {
    return IpFamily.IPV4;
  }
}
