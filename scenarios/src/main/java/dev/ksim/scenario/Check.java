package dev.ksim.scenario;

/**
 * One expectation checked.
 *
 * @param what the expectation, in words
 * @param ok whether it held
 * @param got what was found instead, when it did not
 */
record Check(String what, boolean ok, String got) {
  static Check of(String what, boolean ok, String got) {
    return new Check(what, ok, ok ? "" : got);
  }
}
