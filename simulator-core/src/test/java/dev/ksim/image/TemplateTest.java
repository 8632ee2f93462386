package dev.ksim.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TemplateTest {
  /** Names each placeholder it fills in, so that the test sees which ones were found. */
  private static String named(String name) {
    return "<" + name + ">";
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "no placeholder|no placeholder",
        "{{hostname}}|<hostname>",
        "Hostname: {{hostname}} IP: {{serverIP}}|Hostname: <hostname> IP: <serverIP>",
        "{{a}}{{b}}|<a><b>",
        "{{header.X-Id}} {{arg.listen-port}}|<header.X-Id> <arg.listen-port>",
        "{{{hostname}}}|{<hostname>}",
        "{{{{x}}|{{<x>",
        "{{1x}} {{x y}} {{}} {{x}|{{1x}} {{x y}} {{}} {{x}",
        "{{x}}}} {{ {{y}}|<x>}} {{ <y>",
        "{{x|{{x",
        "$1 \\{{x}}|$1 \\<x>",
      })
  void fillsInEveryWellFormedPlaceholderAndLeavesTheRestAsWritten(String text, String rendered) {
    assertThat(Template.render(text, TemplateTest::named)).isEqualTo(rendered);
  }
}
