package dev.berth.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code BERTH_…} variables that are not configuration keys but are read elsewhere: by {@code
 * logback.xml} for log levels and by the {@code berth} launcher script for JVM options. Setting
 * them must not make the configuration invalid.
 */
class LogLevelVariablesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {"BERTH_LOG_LEVEL", "BERTH_ACCESS_LOG_LEVEL", "BERTH_JAVA_OPTS", "BERTH_AOT_CACHE"})
  void load_variableReadOutsideConfig_isAccepted(String variable) {
    String value =
        switch (variable) {
          case "BERTH_JAVA_OPTS" -> "-Xmx512m";
          case "BERTH_AOT_CACHE" -> "off";
          default -> "DEBUG";
        };

    ConfigResult result = new ConfigLoader().load(Optional.empty(), Map.of(variable, value));

    assertThat(result).isInstanceOf(ConfigResult.Valid.class);
  }
}
