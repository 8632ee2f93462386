package dev.ksim.dns;

/** The question of a message: a name and a type, class IN. */
public record Question(DnsName name, RecordType type) {
  public int wireLength() {
    return name.wireLength() + 4;
  }
}
