package dev.ksim.view;

import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import java.util.regex.Pattern;

/**
 * Which string values kubectl's YAML (sigs.k8s.io/yaml over go-yaml) writes in quotes: Jackson's
 * own rule (values that would read back as booleans, numbers or null), and also values that would
 * read back as timestamps, such as {@code creationTimestamp: "2026-01-01T00:00:00Z"}.
 *
 * @see <a href="https://github.com/go-yaml/yaml/blob/v2.4.0/resolve.go">go-yaml resolve.go
 *     (allowedTimestampFormats)</a>
 */
final class GoYamlQuoting extends StringQuotingChecker.Default {
  private static final long serialVersionUID = 1L;

  private static final Pattern TIMESTAMP =
      Pattern.compile(
          "\\d{4}-\\d{1,2}-\\d{1,2}"
              + "([Tt ]\\d{1,2}:\\d{1,2}:\\d{1,2}(\\.\\d+)?(Z|[+-]\\d{1,2}(:\\d{2})?)?)?");

  @Override
  public boolean needToQuoteValue(String value) {
    return super.needToQuoteValue(value) || TIMESTAMP.matcher(value).matches();
  }
}
