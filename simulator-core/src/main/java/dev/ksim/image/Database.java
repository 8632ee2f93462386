package dev.ksim.image;

import java.util.Arrays;
import java.util.Optional;

/**
 * The database protocol a catalogue image's server speaks on its ports, for the shell's clients.
 */
public enum Database {
  /** Redis's RESP protocol (redis-cli). */
  REDIS("redis"),
  /** MySQL's client/server protocol (the mysql client). */
  MYSQL("mysql"),
  /** MongoDB's wire protocol (mongosh, mongo). */
  MONGODB("mongodb");

  private final String token;

  Database(String token) {
    this.token = token;
  }

  /** The name the catalogue writes ({@code database: redis}). */
  public String token() {
    return token;
  }

  /** The database the catalogue's word names, if any. */
  public static Optional<Database> tryParse(String token) {
    return Arrays.stream(values()).filter(d -> d.token.equals(token)).findFirst();
  }
}
