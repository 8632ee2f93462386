package dev.ksim.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.ImmutableMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class FieldLinesTest {
  @Test
  void linesOfMappingsSequencesAnchorsAndMergesAsTheReaderMetThem() {
    String text =
        """
        # a comment
        base: &base
          port: 80
          name: web
        spec:
          <<: *base
          name: api
          items:
          - a
          - {b: 1,
             c: [x, y]}
        """;

    YamlDocument document = YamlReader.read("f.yaml", text).get(0);

    assertThat(document.line()).isEqualTo(2);
    // the merged mapping's lines are written after the explicit keys' and replace them (spec.name)
    assertThat(new TreeMap<>(document.fieldLines()))
        .hasToString(
            "{=2, base=2, base.name=4, base.port=3, spec=5, spec.items=8, spec.items[0]=9,"
                + " spec.items[1]=10, spec.items[1].b=10, spec.items[1].c=11,"
                + " spec.items[1].c[0]=11, spec.items[1].c[1]=11, spec.name=4, spec.port=3}");
    assertThat(document.locate("spec.items[1].c[1].missing").line()).isEqualTo(11);
  }

  @Test
  void theStepsGiveTheMapOfTheSpelledOutPathsInTheSameOrder() {
    SplittableRandom random = new SplittableRandom(16);
    for (int round = 0; round < 300; round++) {
      FieldLines.Builder steps = new FieldLines.Builder();
      List<String> texts = new ArrayList<>(List.of(""));
      Map<String, Integer> spelled = new HashMap<>();
      for (int i = 0; i < random.nextInt(200); i++) {
        int parent = random.nextInt(texts.size());
        String parentText = texts.get(parent);
        int path;
        if (random.nextBoolean()) {
          String key = "k" + random.nextInt(5);
          path = steps.field(parent, key);
          texts.add(parentText.isEmpty() ? key : parentText + "." + key);
        } else {
          int index = random.nextInt(4);
          path = steps.item(parent, index);
          texts.add(parentText + "[" + index + "]");
        }
        int target = random.nextInt(4) == 0 ? random.nextInt(path + 1) : path;
        int line = random.nextInt(1000);
        if (random.nextBoolean()) {
          steps.put(target, line);
          spelled.put(texts.get(target), line);
        } else {
          steps.putIfAbsent(target, line);
          spelled.putIfAbsent(texts.get(target), line);
        }
        assertThat(steps.text(path)).isEqualTo(texts.get(path));
      }

      FieldLines lines = steps.build();

      ImmutableMap<String, Integer> expected = ImmutableMap.copyOf(spelled);
      assertThat(lines).isEqualTo(expected);
      assertThat(lines.toString()).isEqualTo(expected.toString());
      assertThat(lines.hashCode()).isEqualTo(expected.hashCode());
    }
  }
}
