package dev.ksim.netfilter.match;

/**
 * {@code -m nfacct --nfacct-name name}: always matches and counts the packet on the named
 * extended-accounting object (kube-proxy counts localhost NodePort and invalid packets so).
 */
public record NfacctMatch(String name) implements Match {
  @Override
  public boolean matches(MatchContext context) {
    if (!context.isDryRun()) {
      context.count(name, context.packet().length());
    }
    return true;
  }

  @Override
  public String save() {
    // iptables prints two spaces here (libxt_nfacct's save adds its own)
    return "-m nfacct --nfacct-name  " + name;
  }

  @Override
  public String list(boolean numeric) {
    return "nfacct-name  " + name;
  }
}
