package dev.ksim.dns;

/** A response code (RFC 1035 section 4.1.1), by the mnemonics dig prints. */
public enum Rcode {
  NOERROR(0),
  FORMERR(1),
  SERVFAIL(2),
  NXDOMAIN(3),
  NOTIMP(4),
  REFUSED(5),
  /** Bad OPT version (RFC 6891 section 9): 16, its upper bits carried in the OPT record. */
  BADVERS(16);

  private final int code;

  Rcode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The code's rcode; codes ksim never sends read as SERVFAIL. */
  public static Rcode of(int code) {
    for (Rcode r : values()) {
      if (r.code == code) {
        return r;
      }
    }
    return SERVFAIL;
  }
}
