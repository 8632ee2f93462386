package dev.ksim.image.data;

import com.google.common.collect.ImmutableList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One reply of a redis server, by RESP2 type: what the client formats.
 *
 * @see <a href="https://redis.io/docs/latest/develop/reference/protocol-spec/">RESP</a>
 */
public sealed interface RedisReply {
  <R> R accept(Visitor<R> visitor);

  /** One method per reply type. */
  interface Visitor<R> {
    R visitStatus(Status status);

    R visitError(ErrorReply error);

    R visitInteger(IntegerReply integer);

    R visitBulk(Bulk bulk);

    R visitArray(Array array);
  }

  /** A simple string ({@code +OK}). */
  record Status(String text) implements RedisReply {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitStatus(this);
    }
  }

  /** An error ({@code -ERR ...}). */
  record ErrorReply(String message) implements RedisReply {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitError(this);
    }
  }

  /** An integer ({@code :1}). */
  record IntegerReply(long value) implements RedisReply {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitInteger(this);
    }
  }

  /** A bulk string, or the null bulk string ({@code $-1}) when {@code value} is null. */
  record Bulk(@Nullable String value) implements RedisReply {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitBulk(this);
    }
  }

  /** An array of replies. */
  record Array(List<RedisReply> elements) implements RedisReply {
    public Array {
      elements = ImmutableList.copyOf(elements);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitArray(this);
    }
  }
}
