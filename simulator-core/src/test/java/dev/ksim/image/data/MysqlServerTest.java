package dev.ksim.image.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MysqlServerTest {
  private final MysqlServer server = new MysqlServer("mysql-0", Optional.of("shop"));
  private final MysqlServer.Session session = new MysqlServer.Session(null);

  @Test
  void showDatabasesListsTheSystemOnesAndMysqlDatabase() {
    SqlResult result = server.execute("SHOW DATABASES", session);

    assertThat(result.columns()).containsExactly("Database");
    assertThat(result.rows())
        .containsExactly(
            List.of("information_schema"),
            List.of("mysql"),
            List.of("performance_schema"),
            List.of("shop"),
            List.of("sys"));
  }

  @Test
  void createDatabaseTwiceIsMysqlsError() {
    server.execute("CREATE DATABASE app", session);

    SqlResult again = server.execute("create database app", session);

    assertThat(again.error())
        .isEqualTo(
            new SqlResult.SqlError(1007, "HY000", "Can't create database 'app'; database exists"));
  }

  @Test
  void tablesKeepTheirRows() {
    server.execute("USE shop", session);
    server.execute("CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(20))", session);
    server.execute("INSERT INTO t (name, id) VALUES ('a', 1), ('b', 2)", session);

    SqlResult result = server.execute("SELECT name FROM t", session);

    assertThat(result.rows()).containsExactly(List.of("a"), List.of("b"));
  }

  @Test
  void aTableNeedsADatabase() {
    assertThat(server.execute("SHOW TABLES", session).error())
        .isEqualTo(new SqlResult.SqlError(1046, "3D000", "No database selected"));
  }

  @Test
  void selectVersionAndHostname() {
    SqlResult result = server.execute("SELECT VERSION(), @@hostname", session);

    assertThat(result.columns()).containsExactly("VERSION()", "@@hostname");
    assertThat(result.rows()).containsExactly(List.of(MysqlServer.VERSION, "mysql-0"));
  }
}
