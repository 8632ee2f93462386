package dev.ksim.proxy.nftables;

import java.util.ArrayList;
import java.util.List;

/** The {@code nft -f} input of one sync, one command a line. */
final class Transaction {
  private final String tableRef;
  private final List<String> lines = new ArrayList<>();

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
    lines.add(command);
  }

  /** The commands, without their line ends. */
  List<String> lines() {
    return lines;
  }

  /** The input as {@code nft -f} reads it. */
  String text() {
    StringBuilder text = new StringBuilder();
    lines.forEach(line -> text.append(line).append('\n'));
    return text.toString();
  }
}
