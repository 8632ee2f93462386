package dev.ksim.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResourceTypeTest {
  /** The store finds what it keeps of a type at the type's order, as an index into ALL. */
  @Test
  void eachTypesOrderIsItsIndexInAll() {
    for (int i = 0; i < ResourceType.ALL.size(); i++) {
      assertThat(ResourceType.ALL.get(i).order()).isEqualTo(i);
    }
  }
}
