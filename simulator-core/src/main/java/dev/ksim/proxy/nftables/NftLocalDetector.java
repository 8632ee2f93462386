package dev.ksim.proxy.nftables;

import dev.ksim.proxy.LocalTrafficDetector;
import java.util.List;

/**
 * The local-traffic detector's matches in nft syntax ({@code ip saddr 10.0.0.0/8}, {@code iifname
 * "cbr0"}, {@code iifname "veth*"}), made from the detector's iptables arguments.
 *
 * @param ifLocal the match for pod traffic, empty when the detector is a no-op
 * @param ifNotLocal the match for other traffic
 * @see <a
 *     href="https://github.com/kubernetes/kubernetes/blob/master/pkg/proxy/util/localdetector.go">localdetector.go
 *     IfLocalNFT, IfNotLocalNFT</a>
 */
record NftLocalDetector(String ifLocal, String ifNotLocal) {

  static NftLocalDetector of(LocalTrafficDetector detector, String ipx) {
    return new NftLocalDetector(
        translate(detector.ifLocal(), ipx), translate(detector.ifNotLocal(), ipx));
  }

  boolean isImplemented() {
    return !ifLocal.isEmpty();
  }

  /** {@code [!] -s CIDR} or {@code [!] -i NAME[+]} as an nft match. */
  private static String translate(List<String> args, String ipx) {
    if (args.isEmpty()) {
      return "";
    }
    boolean negated = args.get(0).equals("!");
    String option = args.get(negated ? 1 : 0);
    String value = args.get(negated ? 2 : 1);
    String op = negated ? "!= " : "";
    return option.equals("-s")
        ? ipx + " saddr " + op + value
        : "iifname " + op + "\"" + (value.endsWith("+") ? value.replace("+", "*") : value) + "\"";
  }
}
