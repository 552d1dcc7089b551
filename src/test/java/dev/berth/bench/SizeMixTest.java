package dev.berth.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SizeMixTest {

  private static final int DRAWS = 20_000;

  @Test
  void singleSize_isAlwaysPicked() {
    SizeMix mix = SizeMix.of(10);
    SplittableRandom random = new SplittableRandom(1);

    for (int i = 0; i < 100; i++) {
      assertThat(mix.pick(random)).isEqualTo(10);
    }
  }

  /** Seeded draws, so the counts are the same on every run; the bounds allow ±1.5 points. */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void weights_setShares(long seed) {
    SizeMix mix = new SizeMix(List.of(1L, 10L, 100L), List.of(0.2, 0.7, 0.1));
    SplittableRandom random = new SplittableRandom(seed);
    Map<Long, Integer> counts = new HashMap<>();

    for (int i = 0; i < DRAWS; i++) {
      counts.merge(mix.pick(random), 1, Integer::sum);
    }

    assertThat(counts.get(1L) / (double) DRAWS).isBetween(0.185, 0.215);
    assertThat(counts.get(10L) / (double) DRAWS).isBetween(0.685, 0.715);
    assertThat(counts.get(100L) / (double) DRAWS).isBetween(0.085, 0.115);
  }

  @Test
  void mismatchedWeights_areRejected() {
    assertThatThrownBy(() -> new SizeMix(List.of(1L, 2L), List.of(1.0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one weight per size");
  }

  @Test
  void zeroWeight_isRejected() {
    assertThatThrownBy(() -> new SizeMix(List.of(1L, 2L), List.of(1.0, 0.0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("> 0");
  }
}
