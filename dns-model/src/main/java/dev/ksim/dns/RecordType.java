package dev.ksim.dns;

import com.google.common.collect.ImmutableBiMap;
import java.util.Locale;
import java.util.Optional;

/** A record type by its number, with the mnemonics of the types ksim meets (RFC 1035 and later). */
public record RecordType(int code) {
  public static final RecordType A = new RecordType(1);
  public static final RecordType NS = new RecordType(2);
  public static final RecordType CNAME = new RecordType(5);
  public static final RecordType SOA = new RecordType(6);
  public static final RecordType PTR = new RecordType(12);
  public static final RecordType HINFO = new RecordType(13);
  public static final RecordType MX = new RecordType(15);
  public static final RecordType TXT = new RecordType(16);
  public static final RecordType AAAA = new RecordType(28);
  public static final RecordType SRV = new RecordType(33);
  public static final RecordType OPT = new RecordType(41);
  public static final RecordType IXFR = new RecordType(251);
  public static final RecordType AXFR = new RecordType(252);
  public static final RecordType ANY = new RecordType(255);

  private static final ImmutableBiMap<String, Integer> NAMES =
      ImmutableBiMap.<String, Integer>builder()
          .put("A", 1)
          .put("NS", 2)
          .put("CNAME", 5)
          .put("SOA", 6)
          .put("PTR", 12)
          .put("HINFO", 13)
          .put("MX", 15)
          .put("TXT", 16)
          .put("AAAA", 28)
          .put("SRV", 33)
          .put("NAPTR", 35)
          .put("OPT", 41)
          .put("DS", 43)
          .put("DNSKEY", 48)
          .put("SVCB", 64)
          .put("HTTPS", 65)
          .put("IXFR", 251)
          .put("AXFR", 252)
          .put("ANY", 255)
          .put("CAA", 257)
          .buildOrThrow();

  public RecordType {
    if (code < 0 || code > 0xffff) {
      throw new IllegalArgumentException("record type out of range: " + code);
    }
  }

  /** A mnemonic ({@code aaaa} too) or {@code TYPEn}. */
  public static Optional<RecordType> tryParse(String text) {
    String upper = text.toUpperCase(Locale.ROOT);
    Integer code = NAMES.get(upper);
    if (code != null) {
      return Optional.of(new RecordType(code));
    }
    if (upper.matches("TYPE\\d{1,5}") && Integer.parseInt(upper.substring(4)) <= 0xffff) {
      return Optional.of(new RecordType(Integer.parseInt(upper.substring(4))));
    }
    return Optional.empty();
  }

  /** Whether this is an address type (A or AAAA). */
  public boolean isAddress() {
    return equals(A) || equals(AAAA);
  }

  @Override
  public String toString() {
    String name = NAMES.inverse().get(code);
    return name != null ? name : "TYPE" + code;
  }
}
