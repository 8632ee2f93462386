package dev.ksim.proxy.nftables;

/** The {@code nft -f} input of one sync, one command a line. */
final class Transaction {
  private final String tableRef;
  private final StringBuilder text = new StringBuilder();

  /**
   * @param tableRef {@code ip kube-proxy} or {@code ip6 kube-proxy}
   */
  Transaction(String tableRef) {
    this.tableRef = tableRef;
  }

  /** A command on kube-proxy's table: {@code VERB OBJECT <family> kube-proxy REST}. */
  void command(String verbAndObject, String rest) {
    line(verbAndObject + " " + tableRef + (rest.isEmpty() ? "" : " " + rest));
  }

  void line(String command) {
    text.append(command).append('\n');
  }

  String text() {
    return text.toString();
  }
}
