package dev.berth.auth.api.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonTimesTest {

  @Test
  void format_alwaysThreeFractionDigits() {
    assertThat(JsonTimes.format(Instant.parse("2026-01-01T12:00:28Z")))
        .isEqualTo("2026-01-01T12:00:28.000Z");
    assertThat(JsonTimes.format(Instant.parse("2026-01-01T12:00:28.9Z")))
        .isEqualTo("2026-01-01T12:00:28.900Z");
    assertThat(JsonTimes.format(Instant.parse("2026-01-01T12:00:28.916123456Z")))
        .isEqualTo("2026-01-01T12:00:28.916Z");
    assertThat(JsonTimes.format(Optional.empty())).isNull();
  }
}
