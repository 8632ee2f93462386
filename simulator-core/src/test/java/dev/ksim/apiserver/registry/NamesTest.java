package dev.ksim.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ksim.apiserver.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The name and label checks accept exactly what the regular expressions their messages quote. */
class NamesTest {
  private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS1123_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern QUALIFIED_NAME =
      Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern LABEL_VALUE =
      Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");

  /**
   * Every string of up to four characters over an alphabet of each class the patterns tell apart.
   */
  private static List<String> candidates() {
    String alphabet = "aZ9-_./é ";
    List<String> result = new ArrayList<>(List.of(""));
    List<String> shorter = List.of("");
    for (int length = 1; length <= 4; length++) {
      List<String> longer = new ArrayList<>();
      for (String prefix : shorter) {
        for (int i = 0; i < alphabet.length(); i++) {
          longer.add(prefix + alphabet.charAt(i));
        }
      }
      result.addAll(longer);
      shorter = longer;
    }
    return result;
  }

  @Test
  void dnsNamesAsTheRegularExpressions() {
    for (String value : candidates()) {
      assertThat(Names.dns1123Label("f", value).isEmpty())
          .as("label %s", value)
          .isEqualTo(DNS1123_LABEL.matcher(value).matches());
      assertThat(Names.dns1123Subdomain("f", value).isEmpty())
          .as("subdomain %s", value)
          .isEqualTo(DNS1123_SUBDOMAIN.matcher(value).matches());
    }
  }

  @Test
  void labelKeysAndValuesAsTheRegularExpressions() {
    for (String value : candidates()) {
      List<FieldError> keyErrors = new ArrayList<>();
      Names.labels("metadata.labels", Map.of(value.replace('/', '.'), "v"), keyErrors);
      assertThat(keyErrors.isEmpty())
          .as("key %s", value)
          .isEqualTo(QUALIFIED_NAME.matcher(value.replace('/', '.')).matches());
      List<FieldError> valueErrors = new ArrayList<>();
      Names.labels("metadata.labels", Map.of("k", value), valueErrors);
      assertThat(valueErrors.isEmpty())
          .as("value %s", value)
          .isEqualTo(LABEL_VALUE.matcher(value).matches());
    }
  }

  @Test
  void aPrefixedKeyChecksItsPrefixAsASubdomain() {
    List<FieldError> errors = new ArrayList<>();
    Names.labels(
        "metadata.labels",
        Map.of("example.com/app", "web", "Bad_Prefix/app", "web", "a..b/app", "web"),
        errors);
    assertThat(errors).hasSize(2);
  }
}
