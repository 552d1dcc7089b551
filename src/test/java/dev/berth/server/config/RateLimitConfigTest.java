package dev.berth.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code rate_limits} section: YAML, environment variables and every invalid value. */
class RateLimitConfigTest {

  @TempDir Path dir;

  private final ConfigLoader loader = new ConfigLoader();

  @Test
  void load_nothingConfigured_limitsOff() {
    BerthConfig config = valid(loader.load(Optional.empty(), Map.of()));

    assertThat(config.rateLimits()).isEqualTo(RateLimitConfig.defaults());
    assertThat(config.rateLimits().enabled()).isFalse();
  }

  @Test
  void load_yamlSection_parsesEveryKey() throws IOException {
    String yaml =
        """
        rate_limits:
          enabled: true
          window: 1h
          anonymous: 10
          authenticated: 0
          overrides:
            alice: 5000
            ci: unlimited
          unlimited_addresses: [10.0.0.0/8, fd00::/8]
        """;

    RateLimitConfig limits = valid(load(yaml, Map.of())).rateLimits();

    assertThat(limits)
        .isEqualTo(
            new RateLimitConfig(
                true,
                Duration.ofHours(1),
                10,
                0,
                Map.of("alice", OptionalLong.of(5000), "ci", OptionalLong.empty()),
                List.of("10.0.0.0/8", "fd00::/8")));
  }

  @Test
  void load_environment_overridesFile() throws IOException {
    Map<String, String> environment =
        Map.of(
            "BERTH_RATE_LIMITS_ENABLED", "true",
            "BERTH_RATE_LIMITS_WINDOW", "30m",
            "BERTH_RATE_LIMITS_ANONYMOUS", "7",
            "BERTH_RATE_LIMITS_AUTHENTICATED", "9",
            "BERTH_RATE_LIMITS_OVERRIDES", "alice=1, ci=unlimited",
            "BERTH_RATE_LIMITS_UNLIMITED_ADDRESSES", "192.168.0.0/16,2001:db8::1");

    RateLimitConfig limits =
        valid(load("rate_limits:\n  anonymous: 100\n", environment)).rateLimits();

    assertThat(limits)
        .isEqualTo(
            new RateLimitConfig(
                true,
                Duration.ofMinutes(30),
                7,
                9,
                Map.of("alice", OptionalLong.of(1), "ci", OptionalLong.empty()),
                List.of("192.168.0.0/16", "2001:db8::1")));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          window        | 1500ms | "1500ms" is not a whole number of seconds of at least 1s
          window        | 500ms  | "500ms" is not a whole number of seconds of at least 1s
          window        | 6 hours| "6 hours" is not a duration
          anonymous     | -1     | "-1" is negative; use 0 to reject every pull
          authenticated | many   | "many" is not a whole number; use a number of pulls per window
          enabled       | maybe  | "maybe" is not a boolean
          """)
  void load_invalidScalar_reportsKey(String field, String value, String message)
      throws IOException {
    String yaml = "rate_limits:\n  " + field + ": '" + value + "'\n";

    List<ConfigProblem> problems = problems(load(yaml, Map.of()));

    assertThat(problems).hasSize(1);
    assertThat(problems.getFirst().key()).isEqualTo("rate_limits." + field);
    assertThat(problems.getFirst().message()).startsWith(message);
  }

  @Test
  void load_invalidOverrides_reportsEachEntry() throws IOException {
    String yaml =
        """
        rate_limits:
          overrides:
            Alice: 10
            bob: lots
        """;

    List<ConfigProblem> problems = problems(load(yaml, Map.of()));

    assertThat(problems)
        .containsExactly(
            new ConfigProblem(
                "rate_limits.overrides",
                "\"Alice\" is not an account name; use the lower-case name of a user or"
                    + " organization"),
            new ConfigProblem(
                "rate_limits.overrides.bob",
                "\"lots\" is not a number of pulls or unlimited; use a whole number, such as"
                    + " 5000"));
  }

  @Test
  void load_overrideVariableWithoutEquals_reportsVariable() {
    List<ConfigProblem> problems =
        problems(loader.load(Optional.empty(), Map.of("BERTH_RATE_LIMITS_OVERRIDES", "alice")));

    assertThat(problems)
        .containsExactly(
            new ConfigProblem(
                "BERTH_RATE_LIMITS_OVERRIDES",
                "entry \"alice\" has no '='; write ACCOUNT=PULLS entries separated by commas,"
                    + " such as alice=5000,ci=unlimited"));
  }

  @Test
  void load_overridesAsList_reportsFix() throws IOException {
    List<ConfigProblem> problems =
        problems(load("rate_limits:\n  overrides: [alice]\n", Map.of()));

    assertThat(problems).extracting(ConfigProblem::key).containsExactly("rate_limits.overrides");
    assertThat(problems.getFirst().message()).startsWith("is a list; use a mapping");
  }

  @Test
  void load_invalidUnlimitedAddress_reportsKey() throws IOException {
    List<ConfigProblem> problems =
        problems(load("rate_limits:\n  unlimited_addresses: [10.0.0.0/33]\n", Map.of()));

    assertThat(problems)
        .extracting(ConfigProblem::key)
        .containsExactly("rate_limits.unlimited_addresses");
  }

  private ConfigResult load(String yaml, Map<String, String> environment) throws IOException {
    Path file = Files.writeString(dir.resolve("berth.yaml"), yaml);
    return loader.load(Optional.of(file), environment);
  }

  private static BerthConfig valid(ConfigResult result) {
    return assertThat(result).asInstanceOf(type(ConfigResult.Valid.class)).actual().config();
  }

  private static List<ConfigProblem> problems(ConfigResult result) {
    return assertThat(result).asInstanceOf(type(ConfigResult.Invalid.class)).actual().problems();
  }
}
