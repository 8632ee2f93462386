package dev.ksim.apiserver;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * The uids the store gives new objects, one after the other: the name-based (version 3) UUID of
 * {@code ksim/1}, {@code ksim/2}, ..., the text {@link UUID#nameUUIDFromBytes} makes, with one MD5
 * digest kept and reused instead of looked up from the security providers for every object (a
 * settle of 100,000 pods creates several hundred thousand objects, Events included).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc4122#section-4.3">RFC 4122 4.3 (name-based
 *     UUIDs)</a>
 */
final class ObjectUids {
  private final MessageDigest md5;
  private long counter;

  ObjectUids() {
    try {
      md5 = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has MD5", e);
    }
  }

  /** The next object's uid. */
  String next() {
    return of(reserve());
  }

  /**
   * Takes the next object's number without writing its uid, which {@link #of} gives when asked for:
   * an object kept in a compact form ({@link CompactObject}) holds the number alone.
   */
  long reserve() {
    return ++counter;
  }

  /** The uid of the object {@link #reserve} gave {@code number}. */
  String of(long number) {
    byte[] hash = md5.digest(("ksim/" + number).getBytes(StandardCharsets.UTF_8));
    hash[6] = (byte) ((hash[6] & 0x0f) | 0x30);
    hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
    long most = 0;
    long least = 0;
    for (int i = 0; i < 8; i++) {
      most = (most << 8) | (hash[i] & 0xff);
      least = (least << 8) | (hash[i + 8] & 0xff);
    }
    return new UUID(most, least).toString();
  }
}
