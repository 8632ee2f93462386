package dev.ksim.view;

import java.util.ArrayList;
import java.util.List;

/**
 * Aligns rows of cells the way Go's text/tabwriter does with kubectl's settings: each column as
 * wide as its widest cell plus the padding (at least the minimum width), the last cell of a row not
 * padded. Column widths are computed per block of consecutive rows that have the column.
 */
public final class TabWriter {
  private final int minWidth;
  private final int padding;
  private final List<List<String>> rows = new ArrayList<>();

  /** kubectl get's table writer: minimum width 6, padding 3. */
  public static TabWriter forTables() {
    return new TabWriter(6, 3);
  }

  /** kubectl describe's writer: minimum width 0, padding 2. */
  public static TabWriter forDescribe() {
    return new TabWriter(0, 2);
  }

  public TabWriter(int minWidth, int padding) {
    this.minWidth = minWidth;
    this.padding = padding;
  }

  /** Adds a row; a row of one cell is printed as is. */
  public TabWriter row(List<String> cells) {
    rows.add(List.copyOf(cells));
    return this;
  }

  public TabWriter row(String... cells) {
    return row(List.of(cells));
  }

  /** The aligned text, each row ending in a newline. */
  public String render() {
    int[][] widths = new int[rows.size()][];
    for (int r = 0; r < rows.size(); r++) {
      widths[r] = new int[Math.max(rows.get(r).size() - 1, 0)];
    }
    int maxColumns = rows.stream().mapToInt(List::size).max().orElse(0);
    for (int c = 0; c < maxColumns; c++) {
      int r = 0;
      while (r < rows.size()) {
        if (rows.get(r).size() - 1 <= c) {
          r++;
          continue;
        }
        int start = r;
        int width = 0;
        while (r < rows.size() && rows.get(r).size() - 1 > c) {
          width = Math.max(width, rows.get(r).get(c).length() + padding);
          r++;
        }
        width = Math.max(width, minWidth);
        for (int i = start; i < r; i++) {
          widths[i][c] = width;
        }
      }
    }
    StringBuilder out = new StringBuilder();
    for (int r = 0; r < rows.size(); r++) {
      List<String> row = rows.get(r);
      for (int c = 0; c < row.size(); c++) {
        String cell = row.get(c);
        out.append(cell);
        if (c < row.size() - 1) {
          out.append(" ".repeat(widths[r][c] - cell.length()));
        }
      }
      out.append('\n');
    }
    return out.toString();
  }
}
