package dev.ksim.image.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisServerTest {
  private final RedisServer server = new RedisServer("container:uid/redis#0", Map.of());

  private RedisReply run(String... argv) {
    return server.execute(List.of(argv));
  }

  @Test
  void setThenGetReturnsTheValue() {
    assertThat(run("SET", "a", "dev")).isEqualTo(new RedisReply.Status("OK"));

    assertThat(run("get", "a")).isEqualTo(new RedisReply.Bulk("dev"));
    assertThat(run("GET", "b")).isEqualTo(new RedisReply.Bulk(null));
  }

  @Test
  void setNxLeavesAnExistingKey() {
    run("set", "a", "1");

    assertThat(run("set", "a", "2", "NX")).isEqualTo(new RedisReply.Bulk(null));
    assertThat(run("get", "a")).isEqualTo(new RedisReply.Bulk("1"));
  }

  @Test
  void keysMatchesGlobsInInsertionOrder() {
    run("set", "user:1", "a");
    run("set", "order:1", "b");
    run("set", "user:2", "c");

    assertThat(run("keys", "user:*"))
        .isEqualTo(
            new RedisReply.Array(
                List.of(new RedisReply.Bulk("user:1"), new RedisReply.Bulk("user:2"))));
    assertThat(run("keys", "user:[2-3]"))
        .isEqualTo(new RedisReply.Array(List.of(new RedisReply.Bulk("user:2"))));
  }

  @Test
  void incrCountsAndRefusesText() {
    assertThat(run("incr", "n")).isEqualTo(new RedisReply.IntegerReply(1));
    run("set", "t", "x");

    assertThat(run("incr", "t"))
        .isEqualTo(new RedisReply.ErrorReply("ERR value is not an integer or out of range"));
  }

  @Test
  void wrongArityAndUnknownCommandsAnswerRedisErrors() {
    assertThat(run("get"))
        .isEqualTo(new RedisReply.ErrorReply("ERR wrong number of arguments for 'get' command"));
    assertThat(run("hello2", "a", "b"))
        .isEqualTo(
            new RedisReply.ErrorReply(
                "ERR unknown command 'hello2', with args beginning with: 'a' 'b' "));
  }

  @Test
  void startsWithTheCataloguesValues() {
    RedisServer seeded = new RedisServer("x", Map.of("greeting", "hello"));

    assertThat(seeded.execute(List.of("get", "greeting"))).isEqualTo(new RedisReply.Bulk("hello"));
  }
}
