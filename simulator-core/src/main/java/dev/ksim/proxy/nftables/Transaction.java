package dev.ksim.proxy.nftables;

import dev.ksim.netfilter.nft.text.NftScriptCache;
import java.util.ArrayList;
import java.util.List;

/** The {@code nft -f} input of one sync, one command a line. */
final class Transaction {
  private final String tableRef;
  private final List<NftScriptCache.Line> lines;

  /**
   * @param tableRef {@code ip kube-proxy} or {@code ip6 kube-proxy}
   * @param expectedLines how many lines the transaction will likely hold
   */
  Transaction(String tableRef, int expectedLines) {
    this.tableRef = tableRef;
    this.lines = new ArrayList<>(expectedLines);
  }

  /** A command on kube-proxy's table: {@code VERB OBJECT <family> kube-proxy REST}. */
  void command(String verbAndObject, String rest) {
    lines.add(new NftScriptCache.Line(verbAndObject + " " + tableRef, rest, ""));
  }

  /**
   * A command on a named object of kube-proxy's table.
   *
   * @param head the command, object and table, e.g. {@code add rule ip kube-proxy}
   * @param name the object's name
   * @param tail what follows the name, or empty
   */
  void line(String head, String name, String tail) {
    lines.add(new NftScriptCache.Line(head, name, tail));
  }

  /** The commands, without their line ends. */
  List<NftScriptCache.Line> lines() {
    return lines;
  }

  /** The input as {@code nft -f} reads it. */
  String text() {
    StringBuilder text = new StringBuilder();
    lines.forEach(line -> line.appendTo(text).append('\n'));
    return text.toString();
  }
}
