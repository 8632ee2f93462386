package dev.ksim.proxy.nftables;

import org.jspecify.annotations.Nullable;

/**
 * One element kube-proxy puts in one of its sets or maps.
 *
 * @param set the set or map
 * @param key the element's key, e.g. {@code 172.30.0.41 . tcp . 80}
 * @param comment the element's comment (the Service port's name in the no-endpoint and firewall
 *     maps), or null
 * @param value the map value, e.g. {@code goto service-…}, or null in a set
 */
record ElementLine(String set, String key, @Nullable String comment, @Nullable String value) {

  /** What identifies the element in its set: the set and the key. */
  String identity() {
    return set + " " + key;
  }

  /** The element as it goes between the braces of {@code add element}. */
  String text() {
    return key
        + (comment == null ? "" : " comment \"" + comment + "\"")
        + (value == null ? "" : " : " + value);
  }
}
