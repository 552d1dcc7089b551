package dev.berth.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioTest {

  private static final long MIB = 1024 * 1024;

  /** zb's names, in zb's order, so results line up with zb's output. */
  @Test
  void zbSuite_hasZbNames() {
    List<String> names =
        Scenario.zbSuite(MIB, 10 * MIB, 100 * MIB).stream().map(Scenario::name).toList();

    assertThat(names)
        .containsExactly(
            "Get Catalog",
            "Push Monolith 1MB",
            "Push Monolith 10MB",
            "Push Monolith 100MB",
            "Push Chunk Streamed 1MB",
            "Push Chunk Streamed 10MB",
            "Push Chunk Streamed 100MB",
            "Pull 1MB",
            "Pull 10MB",
            "Pull 100MB",
            "Pull Mixed 20% 1MB, 70% 10MB, 10% 100MB",
            "Push Monolith Mixed 20% 1MB, 70% 10MB, 10% 100MB",
            "Push Chunk Mixed 33% 1MB, 33% 10MB, 33% 100MB",
            "Pull 75% and Push 25% Mixed 1MB",
            "Pull 75% and Push 25% Mixed 10MB",
            "Pull 75% and Push 25% Mixed 100MB");
  }

  @Test
  void slugs_areUniqueRepositoryComponents() {
    List<String> slugs =
        Scenario.zbSuite(MIB, 10 * MIB, 100 * MIB).stream().map(Scenario::slug).toList();

    assertThat(slugs).doesNotHaveDuplicates();
    assertThat(slugs).allMatch(slug -> slug.matches("[a-z0-9]+(-[a-z0-9]+)*"));
    assertThat(slugs).contains("push-monolith-1mb", "pull-75-and-push-25-mixed-100mb");
  }

  @Test
  void label_printsSizesAsZbDoes() {
    assertThat(Scenario.label(MIB)).isEqualTo("1MB");
    assertThat(Scenario.label(100 * MIB)).isEqualTo("100MB");
    assertThat(Scenario.label(2048)).isEqualTo("2KB");
    assertThat(Scenario.label(1000)).isEqualTo("1000B");
  }
}
