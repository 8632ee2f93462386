package dev.ksim.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextFormatsTest {
  @Test
  void humanDurationFollowsApimachinery() {
    assertThat(HumanDuration.format(Duration.ofSeconds(7))).isEqualTo("7s");
    assertThat(HumanDuration.format(Duration.ofSeconds(119))).isEqualTo("119s");
    assertThat(HumanDuration.format(Duration.ofSeconds(186))).isEqualTo("3m6s");
    assertThat(HumanDuration.format(Duration.ofMinutes(5))).isEqualTo("5m");
    assertThat(HumanDuration.format(Duration.ofMinutes(107))).isEqualTo("107m");
    assertThat(HumanDuration.format(Duration.ofMinutes(5 * 60 + 3))).isEqualTo("5h3m");
    assertThat(HumanDuration.format(Duration.ofHours(30))).isEqualTo("30h");
    assertThat(HumanDuration.format(Duration.ofHours(76))).isEqualTo("3d4h");
    assertThat(HumanDuration.format(Duration.ofDays(400))).isEqualTo("400d");
    assertThat(HumanDuration.format(Duration.ofDays(800))).isEqualTo("2y70d");
  }

  @Test
  void tabWriterPadsColumnsButNotTheLastCell() {
    String text =
        TabWriter.forTables().row("NAME", "TYPE", "AGE").row("nginx", "ClusterIP", "89s").render();

    assertThat(text).isEqualTo("NAME    TYPE        AGE\nnginx   ClusterIP   89s\n");
  }

  @Test
  void tabWriterAlignsAColumnOnlyOverTheRowsThatHaveIt() {
    String text =
        TabWriter.forDescribe()
            .row("Port:", "<unset>", "80/TCP")
            .row("TargetPort:", "80/TCP")
            .render();

    assertThat(text).isEqualTo("Port:        <unset>  80/TCP\nTargetPort:  80/TCP\n");
  }

  @Test
  void labelQueriesSupportEveryOperator() {
    Map<String, String> labels = Map.of("app", "web", "tier", "front");

    assertThat(LabelQuery.parse("app=web,tier!=back").matches(labels)).isTrue();
    assertThat(LabelQuery.parse("app==web").matches(labels)).isTrue();
    assertThat(LabelQuery.parse("tier in (front,middle)").matches(labels)).isTrue();
    assertThat(LabelQuery.parse("tier notin (front)").matches(labels)).isFalse();
    assertThat(LabelQuery.parse("app,!env").matches(labels)).isTrue();
    assertThat(LabelQuery.parse("env").matches(labels)).isFalse();
    assertThatThrownBy(() -> LabelQuery.parse("a=b=c"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void kubectlArgumentsAcceptTheCommonSpellings() {
    KubectlArgs args =
        KubectlArgs.parse(
            List.of("get", "pods", "-nkube-system", "--output=wide", "-l", "a=b", "--show-labels"));

    assertThat(args.verb()).isEqualTo("get");
    assertThat(args.positionals()).containsExactly("pods");
    assertThat(args.namespace()).isEqualTo("kube-system");
    assertThat(args.output()).isEqualTo("wide");
    assertThat(args.selector()).isEqualTo("a=b");
    assertThat(args.showLabels()).isTrue();
  }
}
