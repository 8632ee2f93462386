package dev.ksim.image.data;

import com.google.common.collect.ImmutableList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What one SQL statement returned: a result set (column names and rows), nothing (a statement that
 * changed something), or an error as the server sends it.
 *
 * @param columns the result set's column names, empty when the statement returns no result set
 * @param rows the rows, each as many values as there are columns
 * @param error the server's error, or null
 */
public record SqlResult(List<String> columns, List<List<String>> rows, @Nullable SqlError error) {
  public SqlResult {
    columns = ImmutableList.copyOf(columns);
    rows = rows.stream().map(ImmutableList::copyOf).collect(ImmutableList.toImmutableList());
  }

  static SqlResult done() {
    return new SqlResult(List.of(), List.of(), null);
  }

  static SqlResult of(List<String> columns, List<List<String>> rows) {
    return new SqlResult(columns, rows, null);
  }

  static SqlResult failed(int code, String state, String message) {
    return new SqlResult(List.of(), List.of(), new SqlError(code, state, message));
  }

  /**
   * A MySQL server error: its number, SQLSTATE and message.
   *
   * @see <a href="https://dev.mysql.com/doc/mysql-errors/8.0/en/server-error-reference.html">Server
   *     error message reference</a>
   */
  public record SqlError(int code, String state, String message) {}
}
